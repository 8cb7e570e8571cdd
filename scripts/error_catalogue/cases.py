# The error catalogue: groups of cases. Each case: args (DIR = its own folder, SRC/ = the checkout),
# files written into DIR first, optional setup commands (must succeed), files rewritten after the
# setup, a file-size limit (ulimit -f) and a PATH.

TINY = """technology: 45nm
hardware:
  name: tiny
  clock: 1GHz
  pe_array: {rows: 8, cols: 8, macs_per_cycle: {int8: 1}}
  buffers:
    - {name: buf, size: 256KiB, holds: [inputs, weights, outputs]}
  dram: {technology: lpddr4x, bandwidth: 8GB/s, latency: 100ns}
workload:
  model: gemm:M=64,N=64,K=64
"""

TWO = """sweep:
  set: {workload.model: "gemm:M=64,N=64,K=64"}
  axes:
    - grid: {hardware.pe_array.rows: [8, 16]}
"""

def sweep_file(body):
    return "sweep:\n  set: {workload.model: \"gemm:M=64,N=64,K=64\"}\n" + body

G = "gemm:M=64,N=64,K=64"
RING = "SRC/configs/clusters/ring-8.yaml"

def C(name, args, files=(), setup=(), later=(), limit=0, path="", status=1):
    return dict(name=name, args=list(args), files=list(files), setup=[list(s) for s in setup],
                later=list(later), limit=limit, path=path, status=status)

def onnx(nodes, inputs, outputs, opset=True, desc=""):
    return dict(kind="onnx", nodes=nodes, inputs=inputs, outputs=outputs, opset=opset, desc=desc)

def raw(data, desc):
    return dict(kind="raw", data=data, desc=desc)

def exe(text):
    return dict(kind="exe", text=text)

T = ("tiny.yaml", TINY)
UNKNOWN_OP = ("unknown-op.onnx", onnx([(["x"], ["y"], "n0", "FooBar")], [("x", ["1", "8"])], [("y", ["1", "8"])],
                                      desc="one node `n0` of type `FooBar` from input `x` (float, 1x8) to output `y`"))
RELU = ("relu.onnx", onnx([(["x"], ["y"], "n0", "Relu")], [("x", ["1", "8"])], [("y", ["1", "8"])],
                          desc="one `Relu` node `n0` from input `x` (float, 1x8) to output `y`"))
SBATCH = ("bin/sbatch", exe("#!/bin/sh\nexit 1\n"))  # a Slurm that refuses every job

GROUPS = [
 dict(id="broken-yaml", title="Broken YAML", test="BrokenYaml",
  desc="The file is not YAML, or not a map of unique, plain keys; the line is where the parser stopped or the offending key.",
  cases=[
   C("yaml syntax error", ["validate", "DIR/syntax.yaml"], [("syntax.yaml", "hardware:\n  name: x\n  pe_array: {rows: 3\n")]),
   C("not a map", ["validate", "DIR/list.yaml"], [("list.yaml", "- a\n- b\n")]),
   C("duplicate key", ["validate", "DIR/duplicate.yaml"], [T, ("duplicate.yaml", "include: tiny.yaml\nworkload:\n  model: resnet18\nworkload:\n  batch: 2\n")]),
   C("complex key", ["validate", "DIR/complex-key.yaml"], [("complex-key.yaml", "? [a, b]\n: 1\n")]),
  ]),
 dict(id="unknown-key", title="Unknown key", test="UnknownKey",
  desc="A key that no schema declares (usually a typo) is refused, naming the component whose keys `tessera describe` lists.",
  cases=[
   C("unknown key in a section", ["validate", "DIR/unknown-key.yaml"], [T, ("unknown-key.yaml", "include: tiny.yaml\nhardware:\n  dram:\n    bandwith: 1GB/s\n")]),
   C("unknown key in workload", ["validate", "DIR/unknown-workload-key.yaml"], [T, ("unknown-workload-key.yaml", "include: tiny.yaml\nworkload:\n  batchsize: 2\n")]),
   C("unknown top-level key", ["run", "--set", "foo=1"]),
   C("unknown key of a map", ["run", "--set", "hardware.pe_array.macs_per_cycle.int9=1"]),
   C("unknown timing parameter", ["run", "--set", "hardware.dram.timing.tXYZ=3"]),
   C("unknown key in a list element", ["run", "--set", "passes.quantization.rules=[{opp: conv}]"]),
  ]),
 dict(id="wrong-type", title="Wrong type or missing value", test="WrongType",
  desc="The value does not have the key's declared type (whole number, number, true/false, one of a list of words, a single value, a list, a section), or a required value is missing.",
  cases=[
   C("not a whole number", ["validate", "DIR/wrong-type.yaml"], [T, ("wrong-type.yaml", "include: tiny.yaml\nhardware:\n  pe_array:\n    rows: eight\n")]),
   C("fraction for a whole number", ["run", "--set", "workload.batch=1.5"]),
   C("not a number", ["run", "--set", "hardware.pe_array.efficiency=high"]),
   C("not true or false", ["run", "--set", "hardware.fused_attention=maybe"]),
   C("not one of the choices", ["run", "--set", "hardware.pe_array.dataflow=diagonal"]),
   C("unknown precision", ["run", "--set", "workload.precision=int3"]),
   C("unknown operator class", ["run", "--set", "passes.quantization.rules=[{op: lstm}]"]),
   C("list for a single value", ["run", "--set", "hardware.pe_array.rows=[1, 2]"]),
   C("value for a section", ["run", "--set", "hardware.pe_array=5"]),
   C("value for a list", ["run", "--set", "hardware.buffers=5"]),
   C("value for a list element", ["run", "--set", "passes.quantization.rules=[5]"]),
   C("empty value", ["run", "--set", "hardware.name="]),
   C("missing required key", ["validate", "DIR/empty.yaml"], [("empty.yaml", "")]),
   C("missing required key in a section", ["validate", "DIR/no-rows.yaml"], [("no-rows.yaml", TINY.replace("rows: 8, ", ""))]),
  ]),
 dict(id="out-of-range", title="Value out of range", test="OutOfRange",
  desc="The value has the right type but lies outside the key's declared range (each key's range is in `tessera describe`).",
  cases=[
   C("whole number too small", ["run", "--set", "hardware.pe_array.rows=0"]),
   C("negative batch", ["run", "--set", "workload.batch=-1"]),
   C("number too large", ["run", "--set", "passes.pruning.sparsity=2"]),
   C("zero frequency", ["run", "--set", "hardware.clock=0GHz"]),
   C("zero size", ["run", "--set", "hardware.buffers.0.size=0B"]),
   C("negative size", ["validate", "DIR/negative-size.yaml"], [T, ("negative-size.yaml", "include: tiny.yaml\nhardware:\n  buffers:\n    - {name: buf, size: -4KiB, holds: [inputs, weights, outputs]}\n")]),
   C("fraction of a byte", ["run", "--set", "hardware.buffers.0.size=1.5B"]),
   C("overflowing quantity", ["run", "--set", "hardware.clock=1e400GHz"]),
   C("negative time", ["run", "--set", "simulation.dma_quantum=-1ns"]),
  ]),
 dict(id="units", title="Missing or unknown unit", test="Units",
  desc="Quantities carry their unit (`1GHz`, `64KiB`, `25.6GB/s`, `100ns`, `2W`); a bare number or a unit of the wrong kind is refused.",
  cases=[
   C("missing unit", ["validate", "DIR/no-unit.yaml"], [T, ("no-unit.yaml", "include: tiny.yaml\nhardware:\n  clock: 800\n")]),
   C("unit of another quantity", ["validate", "DIR/wrong-unit.yaml"], [T, ("wrong-unit.yaml", "include: tiny.yaml\nhardware:\n  clock: 800MB\n")]),
   C("missing power unit", ["run", "--set", "hardware.power.tdp=5"]),
   C("unknown size unit", ["run", "--set", "hardware.buffers.0.size=2PiB"]),
  ]),
 dict(id="set-syntax", title="Malformed `--set`", test="SetSyntax",
  desc="`--set` takes `key.path=value`, where the path walks maps by name and lists by index.",
  cases=[
   C("no equals sign", ["run", "--set", "hardware.pe_array.rows"]),
   C("empty path component", ["run", "--set", "hardware..clock=1GHz"]),
   C("below a plain value", ["run", "--set", "hardware.clock.x=1"]),
   C("index past the end", ["run", "--set", "hardware.buffers.9.size=1KiB"]),
  ]),
 dict(id="missing-file", title="Missing file", test="MissingFile",
  desc="A run file, hardware file or model file that does not exist.",
  cases=[
   C("run file", ["run", "DIR/missing.yaml"]),
   C("hardware file", ["run", "--hw", "DIR/missing.yaml"]),
   C("onnx file", ["run", "--model", "DIR/missing.onnx"]),
  ]),
 dict(id="includes", title="Includes: missing file, cycle, bad value", test="Includes",
  desc="`include:` takes a path or a list of paths relative to the including file; a missing target, a file that includes itself (directly or not) and a value that is not a path are errors at the `include:` line.",
  cases=[
   C("included file missing", ["validate", "DIR/include-missing.yaml"], [("include-missing.yaml", "include: nothere.yaml\n")]),
   C("includes itself", ["validate", "DIR/self.yaml"], [("self.yaml", "include: self.yaml\n")]),
   C("include cycle", ["validate", "DIR/a.yaml"], [("a.yaml", "include: b.yaml\n"), ("b.yaml", "include: a.yaml\n")]),
   C("include is a map", ["validate", "DIR/include-map.yaml"], [("include-map.yaml", "include: {file: tiny.yaml}\n")]),
  ]),
 dict(id="inconsistent-hardware", title="Inconsistent hardware description", test="InconsistentHardware",
  desc="Each value is valid alone but the hardware they describe cannot exist; the error names the key to change.",
  cases=[
   C("no buffer holds outputs", ["run", "--set", "hardware.buffers.0.holds=[inputs, weights]"]),
   C("unknown operand", ["run", "--set", "hardware.buffers.0.holds=[inputs, weights, psums]"]),
   C("native precision not supported", ["run", "--set", "hardware.pe_array.native_precision=fp16"]),
   C("mesh size differs from cores", ["run", "--hw", "SRC/configs/hw/manycore-npu.yaml", "--set", "hardware.cores=60"]),
   C("memory node outside the mesh", ["run", "--hw", "SRC/configs/hw/manycore-npu.yaml", "--set", "hardware.interconnect.memory_nodes=[99]"]),
  ]),
 dict(id="unknown-model", title="Unknown model, component or workload", test="UnknownModel",
  desc="A `--model` that is not a zoo name, a single-layer spec or an `.onnx` file; a `describe` component that does not exist; a workload that needs another kind of hardware.",
  cases=[
   C("unknown zoo name", ["run", "--model", "resnet51"]),
   C("yaml file as a model", ["run", "--model", "resnet18.yaml"]),
   C("unknown component", ["describe", "pe-array"]),
   C("collective benchmark on a chip", ["run", "--model", "allreduce:bytes=1MiB"]),
   C("sequence longer than the model", ["run", "--model", "bert_base", "--set", "workload.seq_len=1000"]),
  ]),
 dict(id="single-layer", title="Malformed single-layer spec (`gemm:`, `conv:`, `gpt:`)", test="SingleLayerSpec",
  desc="`gemm:M=..,N=..,K=..[,B=..]`, `conv:H=..,W=..,C=..,K=..,R=..[,N=..,S=..,stride=..,pad=..,groups=..]` and `gpt:layers=..[,d=..,heads=..,positions=..]` take whole numbers of at least 1 under known keys, each once.",
  cases=[
   C("gpt without layers", ["run", "--model", "gpt:d=64"]),
   C("gpt width not divisible by heads", ["run", "--model", "gpt:layers=2,d=100,heads=3"]),
   C("missing dimension", ["run", "--model", "gemm:M=64,N=64"]),
   C("nothing after the colon", ["run", "--model", "conv:"]),
   C("key given twice", ["run", "--model", "gemm:M=64,N=64,K=64,M=32"]),
   C("item without a value", ["run", "--model", "gemm:M=64,N,K=64"]),
   C("zero dimension", ["run", "--model", "gemm:M=0,N=64,K=64"]),
   C("unknown key", ["run", "--model", "gemm:M=64,N=64,K=64,Q=1"]),
   C("channels not divisible by groups", ["run", "--model", "conv:H=8,W=8,C=3,K=8,R=3,groups=2"]),
   C("kernel larger than the input", ["run", "--model", "conv:H=2,W=2,C=4,K=4,R=3"]),
  ]),
 dict(id="onnx-graph", title="ONNX: unknown operator, broken graph", test="OnnxGraph",
  desc="The file is ONNX but Tessera cannot import its graph: an operator it does not model (unless `--unsupported skip`, which needs the output shape), an input no one produces, a cycle.",
  cases=[
   C("unknown operator", ["run", "--model", "DIR/unknown-op.onnx"], [UNKNOWN_OP]),
   C("unknown operator skipped", ["run", "--model", "DIR/unknown-op.onnx", "--unsupported", "skip"], [UNKNOWN_OP]),
   C("dangling input", ["run", "--model", "DIR/dangling.onnx"], [("dangling.onnx", onnx([(["q"], ["y"], "n0", "Relu")], [("x", ["1", "8"])], [("y", ["1", "8"])], desc="one `Relu` node `n0` reading `q`, which nothing produces"))]),
   C("cycle", ["run", "--model", "DIR/cycle.onnx"], [("cycle.onnx", onnx([(["x", "b"], ["a"], "n0", "Add"), (["a"], ["b"], "n1", "Relu")], [("x", ["1", "8"])], [("b", ["1", "8"])], desc="`n0: a = Add(x, b)` and `n1: b = Relu(a)`"))]),
  ]),
 dict(id="not-onnx", title="ONNX: a file that is not ONNX", test="NotOnnx",
  desc="A `.onnx` file that is empty, is not a protobuf, or is a protobuf without a graph or an opset.",
  cases=[
   C("not a protobuf", ["run", "--model", "DIR/text.onnx"], [("text.onnx", raw(b"hello, not onnx\n", "the text `hello, not onnx`"))]),
   C("empty file", ["run", "--model", "DIR/empty.onnx"], [("empty.onnx", raw(b"", "an empty file"))]),
   C("no graph", ["run", "--model", "DIR/no-graph.onnx"], [("no-graph.onnx", raw(b"\x08\x08", "the two bytes `08 08` (a ModelProto with only `ir_version: 8`)"))]),
   C("no opset", ["run", "--model", "DIR/no-opset.onnx"], [("no-opset.onnx", onnx([(["x"], ["y"], "n0", "Relu")], [], [], opset=False, desc="a graph with one `Relu` node and no `opset_import`"))]),
  ]),
 dict(id="input-shape", title="`--input-shape` problems", test="InputShape",
  desc="`--input-shape name=1x3x224x224` gives the static shape of an ONNX input: it must be well formed, name an input of the model, and is needed for a dynamic dimension other than the batch.",
  cases=[
   C("no shape", ["run", "--model", "DIR/relu.onnx", "--input-shape", "x"], [RELU]),
   C("bad dimensions", ["run", "--model", "DIR/relu.onnx", "--input-shape", "x=1xAx8"], [RELU]),
   C("zero dimension", ["run", "--model", "DIR/relu.onnx", "--input-shape", "x=1x0"], [RELU]),
   C("not an input", ["run", "--model", "DIR/relu.onnx", "--input-shape", "image=1x8"], [RELU]),
   C("given twice", ["run", "--model", "DIR/relu.onnx", "--input-shape", "x=1x8", "--input-shape", "x=2x8"], [RELU]),
   C("not an ONNX model", ["run", "--model", G, "--input-shape", "x=1x8"]),
   C("dynamic dimension", ["run", "--model", "DIR/dynamic.onnx"], [("dynamic.onnx", onnx([(["x"], ["y"], "n0", "Relu")], [("x", ["1", "H", "8"])], [("y", ["1", "8"])], desc="one `Relu` node whose input `x` has shape 1xHx8 (`H` symbolic)"))]),
  ]),
 dict(id="mapping", title="Impossible mapping (hardware too small or unsupported)", test="Mapping",
  desc="The config is valid but an operator cannot be mapped onto the chip: no double-buffered tile fits the buffers, or the PE array has no MAC rate for the operator's precision.",
  cases=[
   C("buffer too small", ["run", "--model", G, "--set", "hardware.buffers.0.size=64B"]),
   C("buffer too small for a convolution", ["run", "--model", "resnet18", "--set", "hardware.buffers.0.size=1KiB"]),
   C("unsupported precision", ["run", "--model", G, "--set", "workload.precision=bf16"]),
  ]),
 dict(id="dram", title="DRAM timing and organisation", test="Dram",
  desc="The DRAM description is checked as a whole: timings that cannot hold together, address mappings that miss or repeat a field, bus and burst sizes, and a memory with neither a simple bandwidth/latency nor a bank-level preset.",
  cases=[
   C("tRC below tRAS + tRP", ["run", "--set", "hardware.dram.timing.tRC=10"]),
   C("tREFI not above tRFC", ["run", "--set", "hardware.dram.timing.tREFI=1"]),
   C("timing not a positive whole number", ["run", "--set", "hardware.dram.timing.tRCD=0"]),
   C("mapping misses a field", ["run", "--set", "hardware.dram.mapping=ro-ba-co-bg-ch"]),
   C("mapping repeats a field", ["run", "--set", "hardware.dram.mapping=ro-ba-ra-co-bg-ch-ch"]),
   C("mapping has an unknown field", ["run", "--set", "hardware.dram.mapping=ro-ba-ra-co-bg-xx"]),
   C("bus not whole bytes", ["run", "--set", "hardware.dram.bus_bits=12"]),
   C("burst not whole clocks", ["run", "--set", "hardware.dram.burst_length=1"]),
   C("unknown memory technology", ["run", "--set", "hardware.dram.technology=ddr9"]),
   C("timing table incomplete", ["validate", "DIR/timing.yaml"], [("timing.yaml", TINY.replace("latency: 100ns}", "latency: 100ns, timing: {tRCD: 3}}"))]),
   C("neither bandwidth nor preset", ["validate", "DIR/no-bandwidth.yaml"], [("no-bandwidth.yaml", TINY.replace("{technology: lpddr4x, bandwidth: 8GB/s, latency: 100ns}", "{technology: lpddr4x}"))]),
   C("bank model without a preset", ["run", "DIR/tiny.yaml", "--set", "simulation.dram=bank"], [T]),
  ]),
 dict(id="dram-preset", title="Unknown DRAM preset", test="DramPreset",
  desc="`hardware.dram.preset` takes the name of a file in `configs/dram/` or a path ending in `.yaml`.",
  cases=[
   C("unknown name", ["run", "--set", "hardware.dram.preset=ddr9"]),
   C("missing yaml path", ["run", "--set", "hardware.dram.preset=DIR/my-dram.yaml"]),
  ]),
 dict(id="cluster-topology", title="Cluster topology", test="ClusterTopology",
  desc="The network of a `cluster:` section must be buildable: known topology, a shape with one positive size per dimension whose product is `cluster.nodes`, fat-tree leaves that divide the nodes.",
  cases=[
   C("unknown topology", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=mesh"]),
   C("torus without shape", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=torus2d"]),
   C("torus shape size", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=torus2d", "--set", "cluster.shape=[3, 3]"]),
   C("torus shape zero", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=torus2d", "--set", "cluster.shape=[0, 8]"]),
   C("fat tree without leaves", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=fat_tree"]),
   C("fat tree leaves do not divide", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=fat_tree", "--set", "cluster.leaves=3", "--set", "cluster.spines=2"]),
   C("hierarchical dimensions", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=[{topology: ring, size: 3, link: {bandwidth: 50GB/s, latency: 1us}}]"]),
   C("hierarchical dimension topology", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.topology=[{topology: torus, size: 8}]"]),
   C("zero nodes", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB", "--set", "cluster.nodes=0"]),
  ]),
 dict(id="cluster-parallelism", title="Cluster parallelism", test="ClusterParallelism",
  desc="dp x tp x pp must equal `cluster.nodes` (with `dp: 0`, tp x pp must divide it), the batch must split into the micro-batches, and the model must have a layer per pipeline stage.",
  cases=[
   C("tp does not divide the nodes", ["run", "--hw", RING, "--model", "resnet18", "--set", "cluster.parallelism.tp=3"]),
   C("degrees do not multiply to the nodes", ["run", "--hw", RING, "--model", "resnet18", "--set", "cluster.parallelism.dp=3"]),
   C("batch not a multiple of micro-batches", ["run", "--hw", RING, "--model", "resnet18", "--batch", "3", "--set", "cluster.parallelism.microbatches=2"]),
   C("more stages than layers", ["run", "--hw", RING, "--model", G, "--set", "cluster.parallelism.pp=8", "--set", "cluster.parallelism.dp=1"]),
  ]),
 dict(id="collectives", title="Collective benchmark specs", test="Collectives",
  desc="`allreduce:bytes=64MiB,algorithm=ring` and its siblings take `bytes` (required, with a unit) and the options `algorithm`, `chunks`, `count`, `dtype`, `root`, `peer`; an algorithm must suit the collective and the topology.",
  cases=[
   C("bytes missing", ["run", "--hw", RING, "--model", "allreduce"]),
   C("bytes without unit", ["run", "--hw", RING, "--model", "allreduce:bytes=0"]),
   C("item without a value", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,x"]),
   C("unknown option", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,foo=1"]),
   C("unknown algorithm", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,algorithm=zz"]),
   C("unknown dtype", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,dtype=int3"]),
   C("zero chunks", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,chunks=0"]),
   C("algorithm needs a power of two", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,algorithm=halving_doubling", "--set", "cluster.nodes=6"]),
   C("hierarchical on a ring", ["run", "--hw", RING, "--model", "allreduce:bytes=1MiB,algorithm=hierarchical"]),
   C("algorithm does not run the collective", ["run", "--hw", RING, "--model", "alltoall:bytes=1MiB,algorithm=tree"]),
   C("send to itself", ["run", "--hw", RING, "--model", "sendrecv:bytes=1MiB,peer=0"]),
   C("root outside the cluster", ["run", "--hw", RING, "--model", "broadcast:bytes=1MiB,root=9"]),
  ]),
 dict(id="model-errors", title="Model errors: deadlock and no progress", test="ModelErrors",
  desc="A hardware model stopped with work outstanding: the packet network deadlocked (possible only with `cluster.deadlock_avoidance: false`), or the chip watchdog saw no command finish for `simulation.watchdog_cycles` cycles; the message names the block, the simulated time and what is blocked.",
  cases=[
   C("network deadlock", ["run", "--hw", RING, "--model", "alltoall:bytes=6MiB", "--set", "cluster.nodes=6", "--set", "cluster.link.buffer_depth=1", "--set", "simulation.network=packet", "--set", "cluster.deadlock_avoidance=false", "--out", "DIR/out"]),
   C("chip watchdog", ["run", "--model", G, "--set", "simulation.watchdog_cycles=1", "--out", "DIR/out"]),
   C("DRAM refresh livelock", ["run", "--model", G, "--batch", "64", "--set", "simulation.dram=bank", "--set", "hardware.dram.timing.tREFI=3125", "--set", "hardware.dram.timing.tRFC=3124", "--set", "simulation.watchdog_cycles=2000000", "--out", "DIR/out"]),
  ]),
 dict(id="limits", title="Limits: memory, DRAM capacity, size", test="Limits",
  desc="A run whose estimated memory exceeds `simulation.memory_limit` is refused before it starts, with the estimate and what it is based on; so is a workload larger than a bank-level DRAM (its addresses would wrap); counts have upper bounds (e.g. `hardware.cores` <= 65536).",
  cases=[
   C("memory limit", ["run", "--model", G, "--set", "simulation.memory_limit=1MiB", "--out", "DIR/out"]),
   C("memory limit without a unit", ["run", "--model", G, "--set", "simulation.memory_limit=lots", "--out", "DIR/out"]),
   C("wall-clock limit without a unit", ["run", "--model", G, "--max-wall", "soon", "--out", "DIR/out"]),
   C("negative watchdog", ["run", "--model", G, "--set", "simulation.watchdog_cycles=-1", "--out", "DIR/out"]),
   C("DRAM too small", ["run", "--model", "gemm:M=512,N=512,K=512", "--set", "simulation.dram=bank", "--set", "hardware.dram.rows=1", "--set", "hardware.dram.channels=1", "--out", "DIR/out"]),
   C("too many cores", ["run", "--model", G, "--set", "hardware.cores=1073741824", "--out", "DIR/out"]),
  ]),
 dict(id="power", title="Power cap and V-F table", test="Power",
  desc="`hardware.power.tdp` must lie above the chip's leakage power (or nothing could run), and `vf_table` points must rise in frequency without falling in voltage.",
  cases=[
   C("cap below leakage", ["run", "--set", "hardware.power.tdp=1mW"]),
   C("frequency falls", ["run", "--set", "hardware.power.vf_table=[{frequency: 400MHz, voltage: 0.8V}, {frequency: 300MHz, voltage: 0.9V}]"]),
   C("voltage falls", ["run", "--set", "hardware.power.vf_table=[{frequency: 300MHz, voltage: 0.9V}, {frequency: 400MHz, voltage: 0.8V}]"]),
  ]),
 dict(id="technology", title="Unknown technology node", test="Technology",
  desc="`technology: NODE` picks a shipped table from `configs/tech/`; an inline table must give every figure.",
  cases=[
   C("no table for the node", ["run", "--set", "technology=3nm"]),
   C("inline table incomplete", ["run", "DIR/tiny.yaml", "--set", "technology={node: 3nm}"], [T]),
  ]),
 dict(id="trace-output", title="Trace options and output files", test="TraceAndOutput",
  desc="`--trace-level` and `--trace-window` are checked when a trace is asked for; a trace, report folder, HTML report or `--dot` file that cannot be written (missing folder, a file in the way, a full disk) is an error naming it.",
  cases=[
   C("unknown trace level", ["run", "--model", G, "--trace", "DIR/t.json", "--trace-level", "verbose", "--out", "DIR/out"]),
   C("window without units", ["run", "--model", G, "--trace", "DIR/t.json", "--trace-window", "5", "--out", "DIR/out"]),
   C("window ends before it starts", ["run", "--model", G, "--trace", "DIR/t.json", "--trace-window", "2ms:1ms", "--out", "DIR/out"]),
   C("trace options without a trace", ["run", "--model", G, "--trace-level", "packet", "--out", "DIR/out"]),
   C("packet trace disk full", ["run", "--model", G, "--trace", "DIR/t.json", "--trace-level", "packet", "--out", ""], limit=1024),
   C("trace folder is a file", ["run", "--model", G, "--trace", "DIR/file.txt/t.json", "--out", "DIR/out"], [("file.txt", "x\n")]),
   C("trace disk full", ["run", "--model", G, "--trace", "DIR/t.json", "--out", "DIR/out"], limit=1024),
   C("output folder is a file", ["run", "--model", G, "--out", "DIR/file.txt/out"], [("file.txt", "x\n")]),
   C("output disk full", ["run", "--model", G, "--out", "DIR/out"], limit=1024),
   C("html folder is a file", ["run", "--model", G, "--html", "DIR/file.txt/r.html", "--out", "DIR/out"], [("file.txt", "x\n")]),
   C("dot folder is a file", ["graph", G, "--dot", "DIR/file.txt/g.dot"], [("file.txt", "x\n")]),
  ]),
 dict(id="trace-check", title="`trace-check` findings", test="TraceCheck", lines=None,
  desc="`tessera trace-check FILE` prints one line per problem it finds (prefixed by the file, not by `tessera:`) and exits 1; a file it cannot read is an ordinary error.",
  cases=[
   C("missing trace", ["trace-check", "DIR/missing.json"]),
   C("one problem", ["trace-check", "DIR/bad-phase.json"], [("bad-phase.json", '{"traceEvents":[{"ph":"Q","pid":1,"tid":1,"ts":0}]}\n')]),
   C("two problems", ["trace-check", "DIR/two-problems.json"], [("two-problems.json", '{"traceEvents":[{"ph":"Q"},{"ph":"X","ts":"a"}]}\n')]),
  ]),
 dict(id="sweep-file", title="Sweep files", test="SweepFile",
  desc="A sweep file is read as strictly as a run file, and every axis, constraint, derived column and front is checked against the base run before anything runs or is written.",
  cases=[
   C("missing sweep file", ["sweep", "DIR/missing.yaml", "--out", "DIR/out"]),
   C("no sweep section", ["sweep", "DIR/no-section.yaml", "--out", "DIR/out"], [("no-section.yaml", "{}\n")]),
   C("unknown top-level key", ["sweep", "DIR/top.yaml", "--out", "DIR/out"], [("top.yaml", "axes: []\n")]),
   C("unknown sweep key", ["sweep", "DIR/axis.yaml", "--out", "DIR/out"], [("axis.yaml", sweep_file("  axis:\n    - grid: {hardware.pe_array.rows: [8]}\n"))]),
   C("no axes", ["sweep", "DIR/no-axes.yaml", "--out", "DIR/out"], [("no-axes.yaml", "sweep:\n  name: x\n")]),
   C("empty axes", ["sweep", "DIR/empty-axes.yaml", "--out", "DIR/out"], [("empty-axes.yaml", "sweep:\n  axes: []\n")]),
   C("unknown axis kind", ["sweep", "DIR/kind.yaml", "--out", "DIR/out"], [("kind.yaml", sweep_file("  axes:\n    - mesh: {hardware.pe_array.rows: [8]}\n"))]),
   C("axis over a key that does not exist", ["sweep", "DIR/no-key.yaml", "--out", "DIR/out"], [("no-key.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rowz: [8, 16]}\n"))]),
   C("empty grid", ["sweep", "DIR/empty-grid.yaml", "--out", "DIR/out"], [("empty-grid.yaml", sweep_file("  axes:\n    - grid: {}\n"))]),
   C("empty value list", ["sweep", "DIR/empty-list.yaml", "--out", "DIR/out"], [("empty-list.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: []}\n"))]),
   C("zip lists of unequal length", ["sweep", "DIR/zip.yaml", "--out", "DIR/out"], [("zip.yaml", sweep_file("  axes:\n    - zip: {hardware.pe_array.rows: [8, 16], hardware.pe_array.cols: [8]}\n"))]),
   C("key swept twice", ["sweep", "DIR/twice.yaml", "--out", "DIR/out"], [("twice.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n    - list: [{hardware.pe_array.rows: 16}]\n"))]),
   C("random without samples", ["sweep", "DIR/random.yaml", "--out", "DIR/out"], [("random.yaml", sweep_file("  axes:\n    - random: {seed: 1, keys: {hardware.pe_array.rows: {int: [8, 64]}}}\n"))]),
   C("random range reversed", ["sweep", "DIR/reversed.yaml", "--out", "DIR/out"], [("reversed.yaml", sweep_file("  axes:\n    - random: {samples: 2, keys: {hardware.pe_array.rows: {int: [64, 8]}}}\n"))]),
   C("unknown distribution", ["sweep", "DIR/gauss.yaml", "--out", "DIR/out"], [("gauss.yaml", sweep_file("  axes:\n    - random: {samples: 2, keys: {hardware.pe_array.rows: {gauss: [8, 64]}}}\n"))]),
   C("unknown name in a constraint", ["sweep", "DIR/constraint.yaml", "--out", "DIR/out"], [("constraint.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n  constraints: [\"speed > 2\"]\n"))]),
   C("constraint syntax", ["sweep", "DIR/syntax.yaml", "--out", "DIR/out"], [("syntax.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n  constraints: [\"hardware.pe_array.rows >\"]\n"))]),
   C("derived column named like a metric", ["sweep", "DIR/derived.yaml", "--out", "DIR/out"], [("derived.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n  derived: {latency_s: 2 * macs}\n"))]),
   C("front with one objective", ["sweep", "DIR/front.yaml", "--out", "DIR/out"], [("front.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n  fronts: [\"latency_s:min\"]\n"))]),
   C("front over an unknown metric", ["sweep", "DIR/front-metric.yaml", "--out", "DIR/out"], [("front-metric.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n  fronts: [\"speed:min, energy_j:min\"]\n"))]),
   C("timeout without unit", ["sweep", "DIR/timeout.yaml", "--out", "DIR/out"], [("timeout.yaml", sweep_file("  timeout: soon\n  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n"))]),
   C("base run missing", ["sweep", "DIR/base.yaml", "--out", "DIR/out"], [("base.yaml", "sweep:\n  base: nothere.yaml\n  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n")]),
   C("base run invalid", ["sweep", "DIR/set.yaml", "--out", "DIR/out"], [("set.yaml", "sweep:\n  set: {hardware.pe_array.rows: 0}\n  axes:\n    - grid: {hardware.pe_array.cols: [8]}\n")]),
   C("no points left", ["sweep", "DIR/none.yaml", "--out", "DIR/out"], [("none.yaml", sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n  constraints: [\"hardware.pe_array.rows > 16\"]\n"))]),
  ]),
 dict(id="sweep-cli", title="Sweep command-line options", test="SweepCommand",
  desc="The options of `tessera sweep` are checked before anything runs or is written (the `--slurm` ones after finding `sbatch` on `PATH`).",
  cases=[
   C("no sweep file", ["sweep"]),
   C("shard out of range", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--shard", "5/4"], [("two.yaml", TWO)]),
   C("shard not I/K", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--shard", "two"], [("two.yaml", TWO)]),
   C("zero jobs", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--jobs", "0"], [("two.yaml", TWO)]),
   C("timeout without unit", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--timeout", "soon"], [("two.yaml", TWO)]),
   C("slurm with a shard", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--shard", "0/2"], [("two.yaml", TWO)]),
   C("slurm without sbatch", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm"], [("two.yaml", TWO)], path="DIR/empty-path"),
   C("slurm time", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--time", "soon"], [("two.yaml", TWO), SBATCH], path="DIR/bin"),
   C("slurm partition", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--partition", "a b"], [("two.yaml", TWO), SBATCH], path="DIR/bin"),
   C("slurm array larger than the sweep", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--array-size", "5"], [("two.yaml", TWO), SBATCH], path="DIR/bin"),
   C("sbatch refuses", ["sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm"], [("two.yaml", TWO), SBATCH], path="DIR/bin"),
 ]),
 dict(id="sweep-folders", title="Sweep results folders", test="SweepFolders",
  desc="A results folder must hold this sweep and no other (`--resume` continues it), and `merge` and `report` need a sweep folder whose file has not changed, with all (for `merge`) or some (for `report`) points finished.",
  cases=[
   C("out is another folder", ["sweep", "DIR/two.yaml", "--out", "DIR/other"], [("two.yaml", TWO), ("other/notes.txt", "mine\n")]),
   C("sweep already run", ["sweep", "DIR/two.yaml", "--out", "DIR/out"], [("two.yaml", TWO)], setup=[["sweep", "DIR/two.yaml", "--out", "DIR/out"]]),
   C("out holds another sweep", ["sweep", "DIR/three.yaml", "--out", "DIR/out"], [("two.yaml", TWO), ("three.yaml", TWO.replace("[8, 16]", "[8, 32]"))], setup=[["sweep", "DIR/two.yaml", "--out", "DIR/out"]]),
   C("merge a folder that is not a sweep", ["sweep", "merge", "DIR"]),
   C("report a folder that is not a sweep", ["sweep", "report", "DIR"]),
   C("merge an unreadable plan", ["sweep", "merge", "DIR/out"], [("out/plan.json", "nope\n")]),
   C("merge with points missing", ["sweep", "merge", "DIR/out"], [("two.yaml", TWO)], setup=[["sweep", "DIR/two.yaml", "--out", "DIR/out", "--shard", "0/2"]]),
   C("merge after the sweep file changed", ["sweep", "merge", "DIR/out"], [("two.yaml", TWO)], setup=[["sweep", "DIR/two.yaml", "--out", "DIR/out"]], later=[("two.yaml", TWO.replace("[8, 16]", "[8, 32]"))]),
   C("report without finished points", ["sweep", "report", "DIR/out"], [("fail.yaml", sweep_file("  axes:\n    - grid: {hardware.buffers.0.size: [64B]}\n"))], setup=[["sweep", "DIR/fail.yaml", "--out", "DIR/out"]]),
   C("report front with one objective", ["sweep", "report", "DIR/out", "--front", "latency_s:min"], [("two.yaml", TWO)], setup=[["sweep", "DIR/two.yaml", "--out", "DIR/out"]]),
   C("report front over an unknown metric", ["sweep", "report", "DIR/out", "--front", "speed:min,energy_j:min"], [("two.yaml", TWO)], setup=[["sweep", "DIR/two.yaml", "--out", "DIR/out"]]),
  ]),
 dict(id="compare", title="Compare", test="Compare",
  desc="`tessera compare` runs each config in a child process; a config that fails is reported with the child's own error after its file name.",
  cases=[
   C("missing config", ["compare", "SRC/configs/hw/edge-npu.yaml", "DIR/missing.yaml", "--model", G]),
   C("broken config", ["compare", "SRC/configs/hw/edge-npu.yaml", "DIR/wrong-unit.yaml", "--model", G], [T, ("wrong-unit.yaml", "include: tiny.yaml\nhardware:\n  clock: 800MB\n")]),
   C("config that cannot map", ["compare", "SRC/configs/hw/edge-npu.yaml", "SRC/configs/hw/edge-tpu.yaml", "--model", G, "--set", "hardware.buffers.0.size=64B"]),
   C("hardware option", ["compare", "SRC/configs/hw/edge-npu.yaml", "SRC/configs/hw/edge-tpu.yaml", "--hw", "SRC/configs/hw/edge-npu.yaml"]),
  ]),
 dict(id="usage", title="Command-line usage errors", test="Usage",
  desc="Errors found by the command-line parser: unknown commands and options, missing or malformed arguments, options that need another one. One line (with a pointer to `--help`) and exit status 2.",
  cases=[
   C("no subcommand", [], status=2),
   C("unknown subcommand", ["frobnicate"], status=2),
   C("unknown option", ["run", "--bogus"], status=2),
   C("extra argument", ["run", "a.yaml", "b.yaml"], status=2),
   C("option without its value", ["run", "--batch"], status=2),
   C("non-positive batch", ["run", "--batch", "0"], status=2),
   C("value not allowed", ["run", "--unsupported", "ignore"], status=2),
   C("value not a number", ["run", "--trace-max-events", "many"], status=2),
   C("required argument missing", ["validate"], status=2),
   C("compare needs two configs", ["compare", "SRC/configs/hw/edge-npu.yaml"], status=2),
   C("empty model", ["run", "--model", ""], status=2),
  ]),
]
