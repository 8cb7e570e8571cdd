#!/usr/bin/env python3
"""Rebuilds the seed corpora under fuzz/corpus/<target>/ from the shipped files.

    python3 fuzz/make_corpus.py            # stdlib only; run from anywhere

config: every configs/**/*.yaml and tests/data/*.yaml, verbatim, plus a compact copy (comment
        lines dropped) whose relative includes are rewritten to the embedded "@configs/..."
        names, since the fuzz target loads its input as "fuzz.yaml" and relative includes would
        not resolve.
sweep:  configs/sweeps/*.yaml, tests/data/sweeps/*.yaml, bench/sweeps/*.yaml verbatim, the same
        with hw:/base: pointed at "../hw/..." and "@configs/..." (fuzz_sweep writes its input to
        configs/sweeps/fuzz.yaml next to a copy of the shipped configs), and a few small sweeps
        covering each random distribution, list points and expressions.
onnx:   tests/data/onnx/*.onnx up to 1 MB, and, when the Python `onnx` module is there (Debian's
        /usr/bin/python3), a few tiny hand-built models (a CNN, attention, shape arithmetic,
        folding ops, an unsupported operator) whose small size makes mutation fast.
units:  quantities of every kind, sizes, and sweep expressions.
Files over the size limits of scripts/fuzz.sh (-max_len) are skipped.
"""
import hashlib
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
LIMITS = {"config": 8192, "sweep": 4096, "onnx": 1 << 20, "units": 4096}


def reset(target):
    d = os.path.join(OUT, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > LIMITS[target]:
        print(f"skip {target}/{name}: {len(data)} bytes")
        return
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


def yaml_files(*dirs):
    for d in dirs:
        base = os.path.join(ROOT, d)
        for dirpath, _, files in sorted(os.walk(base)):
            for f in sorted(files):
                if f.endswith(".yaml"):
                    yield os.path.join(dirpath, f)


def embedded_includes(path, text):
    """Relative include paths -> "@configs/..." when they land in configs/."""
    folder = os.path.dirname(path)

    def repl(m):
        target = os.path.normpath(os.path.join(folder, m.group(2)))
        rel = os.path.relpath(target, ROOT)
        if rel.startswith("configs" + os.sep):
            return f'{m.group(1)}"@{rel}"'
        return m.group(0)

    return re.sub(r"(include:\s*)([^\s,}\]\"']+\.yaml)", repl, text)


def compact(text):
    lines = [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    return "\n".join(lines) + "\n"


def seed_name(path):
    return os.path.relpath(path, ROOT).replace(os.sep, "_")


def config():
    reset("config")
    for p in yaml_files("configs", "tests/data"):
        if os.path.relpath(p, ROOT).startswith(os.path.join("tests", "data", "sweeps")):
            continue
        text = open(p).read()
        put("config", seed_name(p), text)
        put("config", seed_name(p)[:-5] + "-embedded.yaml", compact(embedded_includes(p, text)))


def sweep():
    reset("sweep")
    for p in yaml_files("configs/sweeps", "tests/data/sweeps", "bench/sweeps"):
        text = open(p).read()
        put("sweep", seed_name(p), text)
        body = compact(text)
        ref = re.compile(r"^(\s*(?:hw|base):\s*)(\S+)$", re.M)
        for tag, fix in (("local", lambda m: m.group(1) + "../" + m.group(2).split("configs/")[-1].lstrip("./")
                          if "configs/" in m.group(2) else m.group(0)),
                         ("embedded", lambda m: m.group(1) + '"@' + os.path.relpath(
                             os.path.normpath(os.path.join(os.path.dirname(p), m.group(2))), ROOT) + '"')):
            variant = ref.sub(fix, body)
            if variant != text:
                put("sweep", seed_name(p)[:-5] + f"-{tag}.yaml", variant)
    extra = {
        "random-all.yaml": """sweep:
  name: random-all
  axes:
    - random:
        samples: 5
        seed: 7
        keys:
          hardware.pe_array.rows: {int: [8, 64]}
          hardware.buffers.0.size: {pow2: [64KiB, 4MiB]}
          hardware.clock: {choice: [1GHz, 1.5GHz]}
          hardware.pe_array.macs_per_cycle.int8: {uniform: [0.5, 2]}
          workload.batch: {log_uniform: [1, 64]}
""",
        "list-constraints.yaml": """sweep:
  set: {workload.model: "gemm:M=64,N=64,K=64"}
  axes:
    - list: [{hardware.pe_array.rows: 8}, {hardware.pe_array.cols: 16, workload.precision: int4}]
    - zip: {hardware.pe_array.arrays: [1, 2], hardware.cores: [1, 2]}
  constraints: ["hardware.pe_array.rows * hardware.pe_array.cols <= 16384 && workload.precision != 'fp8'",
                "max(hardware.cores, 1) ^ 2 % 3 >= -1 || !(area_mm2 < 1)"]
  derived: {a: "sqrt(macs) / log2(2 + energy_j)", b: "a * pow(2, 3) + 64KiB / 1GHz"}
  fronts: ["a:max, b:min", "latency_s:min, energy_j:min"]
  timeout: 100ms
""",
        "base-embedded.yaml": """sweep:
  name: base
  base: "@configs/runs/gpt3-1024.yaml"
  axes:
    - grid: {cluster.nodes: [8, 16], workload.batch: [1, 2]}
""",
    }
    for name, text in extra.items():
        put("sweep", name, text)


def onnx():
    reset("onnx")
    d = os.path.join(ROOT, "tests", "data", "onnx")
    for f in sorted(os.listdir(d)):
        if f.endswith(".onnx"):
            put("onnx", f, open(os.path.join(d, f), "rb").read())
    try:
        import onnx as _onnx  # noqa: F401
    except ImportError:
        print("onnx: Python module 'onnx' missing (use /usr/bin/python3): tiny models skipped")
        return
    for name, model in tiny_models().items():
        put("onnx", name, model.SerializeToString())


def tiny_models():
    from onnx import TensorProto, helper, numpy_helper
    import numpy as np

    def init(name, shape, dtype=np.float32, values=None):
        a = np.array(values, dtype=dtype).reshape(shape) if values is not None else np.ones(shape, dtype)
        return numpy_helper.from_array(a, name)

    def model(nodes, inputs, outputs, inits, opset=13):
        g = helper.make_graph(nodes, "g", inputs, outputs, inits)
        return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="fuzz")

    f32, i64 = TensorProto.FLOAT, TensorProto.INT64
    vi = helper.make_tensor_value_info
    n = helper.make_node
    out = {}
    out["tiny_cnn.onnx"] = model(
        [n("Conv", ["x", "w", "b"], ["c"], strides=[2, 2], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
         n("BatchNormalization", ["c", "s", "bb", "m", "v"], ["bn"]),
         n("Relu", ["bn"], ["r"]),
         n("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
         n("Conv", ["p", "dw"], ["d"], group=4, kernel_shape=[3, 3], auto_pad="SAME_UPPER"),
         n("Add", ["d", "p"], ["res"]),
         n("GlobalAveragePool", ["res"], ["g"]),
         n("Flatten", ["g"], ["f"]),
         n("Gemm", ["f", "fc", "fb"], ["y"], transB=1)],
        [vi("x", f32, ["N", 3, 16, 16])], [vi("y", f32, ["N", 10])],
        [init("w", [4, 3, 3, 3]), init("b", [4]), init("s", [4]), init("bb", [4]), init("m", [4]), init("v", [4]),
         init("dw", [4, 1, 3, 3]), init("fc", [10, 4]), init("fb", [10])])
    out["tiny_attention.onnx"] = model(
        [n("MatMul", ["x", "wq"], ["q"]), n("MatMul", ["x", "wk"], ["k"]), n("MatMul", ["x", "wv"], ["v"]),
         n("Reshape", ["q", "hs"], ["q4"]), n("Transpose", ["q4"], ["qh"], perm=[0, 2, 1, 3]),
         n("Reshape", ["k", "hs"], ["k4"]), n("Transpose", ["k4"], ["kh"], perm=[0, 2, 3, 1]),
         n("Reshape", ["v", "hs"], ["v4"]), n("Transpose", ["v4"], ["vh"], perm=[0, 2, 1, 3]),
         n("MatMul", ["qh", "kh"], ["s"]), n("Div", ["s", "scale"], ["ss"]), n("Softmax", ["ss"], ["a"], axis=-1),
         n("MatMul", ["a", "vh"], ["o"]), n("Transpose", ["o"], ["ot"], perm=[0, 2, 1, 3]),
         n("Reshape", ["ot", "flat"], ["y0"]),
         n("LayerNormalization", ["y0", "g", "be"], ["y"], axis=-1)],
        [vi("x", f32, [1, 8, 16])], [vi("y", f32, [1, 8, 16])],
        [init("wq", [16, 16]), init("wk", [16, 16]), init("wv", [16, 16]),
         init("hs", [4], np.int64, [1, 8, 2, 8]), init("flat", [3], np.int64, [1, 8, 16]),
         init("scale", [], values=2.8), init("g", [16]), init("be", [16])], opset=17)
    out["tiny_shapes.onnx"] = model(
        [n("Shape", ["x"], ["sh"]), n("Gather", ["sh", "i0"], ["d0"], axis=0),
         n("Unsqueeze", ["d0", "ax"], ["d0u"]), n("Concat", ["d0u", "m1"], ["ns"], axis=0),
         n("Reshape", ["x", "ns"], ["r"]), n("ReduceMean", ["r"], ["rm"], axes=[1], keepdims=1),
         n("Sub", ["r", "rm"], ["c"]), n("Pow", ["c", "two"], ["p"]), n("Sqrt", ["p"], ["q"]),
         n("Slice", ["q", "st", "en", "ax"], ["sl"]), n("Split", ["sl", "sp"], ["a", "b"], axis=1),
         n("Mul", ["a", "b"], ["y0"]), n("Squeeze", ["y0"], ["y1"]), n("Expand", ["y1", "es"], ["y"])],
        [vi("x", f32, [2, 3, 4])], [vi("y", f32, None)],
        [init("i0", [], np.int64, 0), init("ax", [1], np.int64, [0]), init("m1", [1], np.int64, [-1]),
         init("two", [], values=2.0), init("st", [1], np.int64, [0]), init("en", [1], np.int64, [1]),
         init("sp", [2], np.int64, [6, 6]), init("es", [2], np.int64, [3, 1])])
    out["tiny_fold.onnx"] = model(
        [n("ConstantOfShape", ["cs"], ["z"], value=helper.make_tensor("v", f32, [1], [1.0])),
         n("Range", ["r0", "r1", "r2"], ["rg"]), n("Cast", ["rg"], ["rf"], to=f32),
         n("Trilu", ["z"], ["t"], upper=0), n("Equal", ["t", "z"], ["eq"]), n("Where", ["eq", "t", "z"], ["w"]),
         n("Constant", [], ["k"], value=helper.make_tensor("k", f32, [4], [1, 2, 3, 4])),
         n("Add", ["w", "k"], ["wk"]), n("Identity", ["wk"], ["wi"]),
         n("MatMul", ["x", "wi"], ["y0"]), n("Add", ["y0", "rf"], ["y1"]), n("Erf", ["y1"], ["y2"]),
         n("Tanh", ["y2"], ["y3"]), n("Dropout", ["y3"], ["y"])],
        [vi("x", f32, [1, 4])], [vi("y", f32, [1, 4])],
        [init("cs", [2], np.int64, [4, 4]), init("r0", [], np.int64, 0), init("r1", [], np.int64, 4),
         init("r2", [], np.int64, 1)], opset=14)
    out["tiny_tokens.onnx"] = model(
        [n("Gather", ["emb", "ids"], ["e"]),
         n("Unsqueeze", ["e", "ax"], ["e3u"]), n("Squeeze", ["e3u", "ax"], ["e3"]),
         n("ReduceMean", ["e3"], ["y"], axes=[-1], keepdims=0)],
        [vi("ids", i64, ["batch", "seq"])], [vi("y", f32, None)],
        [init("emb", [100, 8]), init("ax", [1], np.int64, [0])])
    out["tiny_unsupported.onnx"] = model(
        [n("Relu", ["x"], ["r"]), n("LpNormalization", ["r"], ["l"]), n("Relu", ["l"], ["y"])],
        [vi("x", f32, [1, 4])], [vi("y", f32, [1, 4])], [])
    return out


UNITS = """1.5GHz 1.4GHz 800MHz 100kHz 1THz 1Hz 64KiB 1MiB 2GiB 1TiB 512B 4KB 1.5kB 10MB 1GB 1TB
25.6GB/s 100GB/s 1TB/s 8.53GiB/s 400Gbps 56Gb/s 100Mbps 1B/s 512KiB/s
100ns 1.5us 2ms 600s 10ps 3fs 0s 3pJ 0.2pJ 1nJ 5uJ 2mJ 1J 0.5fJ 2W 300mW 1kW 10uW 5nW
2mm2 1.5mm2 300um2 1cm2 0.9V 800mV -1GHz +2.5e3MHz 1e-3s 1.E2KiB .5GHz 0x10B 1e400GHz
inf nan 1 """.split()
EXPRESSIONS = [
    "hardware.pe_array.rows * hardware.pe_array.cols <= 16384",
    "area_mm2 < 25 && workload.precision == 'int8'",
    "macs * 2 * throughput_per_s / avg_power_w / 1e12",
    "2 * macs * throughput_per_s / avg_power_w / 1e12",
    "min(a, b, 3) + max(1) - abs(-2) ^ 2 % 5",
    "sqrt(4) + log2(8) + log10(100) + ceil(1.5) + floor(1.5) + pow(2, 10)",
    "!(x > 1) || not y and z != \"text\"",
    "64KiB / 25.6GB/s + 100ns >= 1.5GHz",
    "hardware.buffers.0.size >= 1MiB",
    "-(-(1)) == true",
    "a.b.c_d + _e",
    "1e-3 * 2E+2",
    "'a' == 'a'",
    "(((1)))",
    "2 ^ 3 ^ 2",
    "1 / 0",
    "0 % 0",
]


def units():
    reset("units")
    for i, s in enumerate(UNITS + EXPRESSIONS):
        put("units", f"{i:03d}-" + hashlib.sha1(s.encode()).hexdigest()[:8], s)


if __name__ == "__main__":
    config()
    sweep()
    onnx()
    units()
    for t in LIMITS:
        d = os.path.join(OUT, t)
        n = len(os.listdir(d))
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        print(f"{t}: {n} seeds, {size} bytes")
