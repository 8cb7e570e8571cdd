import json, os, shlex, sys
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from cases import GROUPS, TINY, TWO, UNKNOWN_OP, RELU, SBATCH, sweep_file

R = json.load(open("/tmp/ecgen-results.json"))

# ------------------------------------------------------------------------------------------ C++
def cstr(s):
    out, prev_hex = '"', False
    for ch in s:
        o = ord(ch)
        if ch == '\\': e = '\\\\'
        elif ch == '"': e = '\\"'
        elif ch == '\n': e = '\\n'
        elif ch == '\t': e = '\\t'
        elif o < 32 or o > 126: e = '\\x%02x' % o
        else: e = ch
        if prev_hex and e == ch and ch in '0123456789abcdefABCDEF': out += '" "'
        prev_hex = e.startswith('\\x')
        out += e
    return out + '"'

def cstr_lines(text, indent):
    if text == "": return '""'
    if len(cstr(text)) <= 40 or text.count("\n") <= 1: return cstr(text)
    lines = text.splitlines(keepends=True)
    return ("\n" + " " * indent).join(cstr(l) for l in lines)

def cvec(items): return "{" + ", ".join(cstr(a) for a in items) + "}"

SWEEP_HEAD = sweep_file("")
T_ = ("tiny.yaml", TINY)

def cfile(name, spec, indent):
    if (name, spec) == T_: return '{"tiny.yaml", kTiny}'
    if (name, spec) == ("two.yaml", TWO): return '{"two.yaml", kTwoPoints}'
    if (name, spec) == UNKNOWN_OP: return '{"unknown-op.onnx", unknown_op_onnx()}'
    if (name, spec) == RELU: return '{"relu.onnx", relu_onnx()}'
    if (name, spec) == SBATCH: return '{"bin/sbatch", kRefusingSbatch, true}'
    if isinstance(spec, str):
        if spec.startswith(SWEEP_HEAD) and spec != SWEEP_HEAD:
            rest = spec[len(SWEEP_HEAD):]
            return "{" + cstr(name) + ", sweep_file(" + cstr_lines(rest, indent + len(cstr(name)) + 14) + ")}"
        return "{" + cstr(name) + ", " + cstr_lines(spec, indent + len(cstr(name)) + 3) + "}"
    k = spec["kind"]
    if k == "raw": return "{" + cstr(name) + ", " + cstr(spec["data"].decode("latin-1")) + "}"
    if k == "exe": return "{" + cstr(name) + ", " + cstr(spec["text"]) + ", true}"
    if k == "onnx":
        nodes = "{" + ", ".join("{" + cvec(n[0]) + ", " + cvec(n[1]) + ", " + cstr(n[2]) + ", " + cstr(n[3]) + "}" for n in spec["nodes"]) + "}"
        vals = lambda vs: "{" + ", ".join("{" + cstr(v[0]) + ", " + cvec(v[1]) + "}" for v in vs) + "}"
        call = f"onnx_model({nodes}, {vals(spec['inputs'])}, {vals(spec['outputs'])}" + ("" if spec["opset"] else ", false") + ")"
        return "{" + cstr(name) + ", " + call + "}"

def ccase(g, i, c):
    r = R[f"{g['id']}/{i}"]
    ind = "       "
    lines = []
    head = "      {" + cstr(c["name"])
    if c["files"]:
        lines.append(head)
        lines.append(ind + "{" + (",\n" + ind + " ").join(cfile(n, s, len(ind) + 1) for n, s in c["files"]) + "}")
    else:
        lines.append(head + ", {}")
    lines.append(ind + cvec(c["args"]) + ", " + str(r["status"]))
    lines.append(ind + cstr_lines(r["err"], len(ind)))
    extra = []
    if c["setup"] or c["later"] or c["limit"] or c["path"]:
        extra.append("/*setup=*/{" + ", ".join(cvec(s) for s in c["setup"]) + "}")
    if c["later"] or c["limit"] or c["path"]:
        extra.append("/*later=*/{" + ", ".join(cfile(n, s, len(ind) + 1) for n, s in c["later"]) + "}")
    if c["limit"] or c["path"]:
        extra.append("/*max_file_bytes=*/" + str(c["limit"]))
    if c["path"]:
        extra.append("/*path=*/" + cstr(c["path"]))
    lines.extend(ind + e for e in extra)
    return ",\n".join(lines) + "}"

HEADER = r'''// Golden tests of docs/errors.md: every class of error the tessera command line prints, with the
// exact text. Each case writes its example input into a fresh folder, runs the binary, and compares
// the exit status and the whole of stderr, in which the folder reads DIR and the checkout's root
// nothing (so paths read as when tessera runs from the repository root, as in the doc).
//
// The texts here and in docs/errors.md are the same strings. When a message changes on purpose,
// run the case's command from docs/errors.md and paste the new text into both files.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

struct File {
  std::string name;  // relative to the case's folder
  std::string text;
  bool executable = false;
};

struct Case {
  std::string name;
  std::vector<File> files;          // written into the case's folder first
  std::vector<std::string> args;    // DIR is the case's folder, SRC/ the checkout
  int status;
  std::string err;                  // all of stderr, DIR for the case's folder
  std::vector<std::vector<std::string>> setup = {};  // commands that must succeed first
  std::vector<File> later = {};     // written after the setup
  uint64_t max_file_bytes = 0;      // > 0: the file-size limit of the command (a full disk)
  std::string path = "";            // non-empty: PATH of the command
};

// A complete minimal run file; most file examples include it and change one thing.
const std::string kTiny =
    "technology: 45nm\n"
    "hardware:\n"
    "  name: tiny\n"
    "  clock: 1GHz\n"
    "  pe_array: {rows: 8, cols: 8, macs_per_cycle: {int8: 1}}\n"
    "  buffers:\n"
    "    - {name: buf, size: 256KiB, holds: [inputs, weights, outputs]}\n"
    "  dram: {technology: lpddr4x, bandwidth: 8GB/s, latency: 100ns}\n"
    "workload:\n"
    "  model: gemm:M=64,N=64,K=64\n";

// A sweep of two points of a small GEMM on the embedded default chip, and the start of such a
// sweep file, to which the examples add their axes.
std::string sweep_file(const std::string& rest) {
  return "sweep:\n  set: {workload.model: \"gemm:M=64,N=64,K=64\"}\n" + rest;
}
const std::string kTwoPoints =
    sweep_file("  axes:\n    - grid: {hardware.pe_array.rows: [8, 16]}\n");

// Stands in for Slurm's sbatch (first on PATH): refuses every job.
const std::string kRefusingSbatch = "#!/bin/sh\nexit 1\n";

// A tiny ONNX model in protobuf wire format (field numbers from onnx.proto): ir_version 8,
// opset 17 unless told otherwise, the nodes, and float inputs and outputs whose dimensions are
// numbers or, when not all digits, symbols.
struct OnnxNode {
  std::vector<std::string> inputs, outputs;
  std::string name, op;
};
struct OnnxValue {
  std::string name;
  std::vector<std::string> dims;
};

std::string varint(uint64_t v) {
  std::string out;
  for (; v >= 0x80; v >>= 7) out += static_cast<char>((v & 0x7f) | 0x80);
  return out + static_cast<char>(v);
}
std::string pb_int(uint32_t field, uint64_t v) { return varint(field << 3) + varint(v); }
std::string pb_bytes(uint32_t field, const std::string& bytes) {
  return varint(field << 3 | 2) + varint(bytes.size()) + bytes;
}

std::string onnx_value(const OnnxValue& v) {
  std::string shape;
  for (const auto& d : v.dims) {
    const bool number =
        std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    // Dimension {dim_value} or {dim_param}
    shape += pb_bytes(1, number ? pb_int(1, std::stoull(d)) : pb_bytes(2, d));
  }
  const std::string tensor = pb_int(1, 1) + pb_bytes(2, shape);  // elem_type FLOAT, shape
  return pb_bytes(1, v.name) + pb_bytes(2, pb_bytes(1, tensor));  // name, type.tensor_type
}

std::string onnx_model(const std::vector<OnnxNode>& nodes, const std::vector<OnnxValue>& inputs,
                       const std::vector<OnnxValue>& outputs, bool opset = true) {
  std::string graph;
  for (const auto& n : nodes) {
    std::string node;
    for (const auto& i : n.inputs) node += pb_bytes(1, i);
    for (const auto& o : n.outputs) node += pb_bytes(2, o);
    graph += pb_bytes(1, node + pb_bytes(3, n.name) + pb_bytes(4, n.op));
  }
  graph += pb_bytes(2, "g");
  for (const auto& i : inputs) graph += pb_bytes(11, onnx_value(i));
  for (const auto& o : outputs) graph += pb_bytes(12, onnx_value(o));
  std::string model = pb_int(1, 8) + pb_bytes(7, graph);  // ir_version, graph
  if (opset) model += pb_bytes(8, pb_int(2, 17));         // opset_import {version: 17}
  return model;
}

// x (float, 1x8) -> FooBar -> y, and x -> Relu -> y.
std::string unknown_op_onnx() {
  return onnx_model({{{"x"}, {"y"}, "n0", "FooBar"}}, {{"x", {"1", "8"}}}, {{"y", {"1", "8"}}});
}
std::string relu_onnx() {
  return onnx_model({{{"x"}, {"y"}, "n0", "Relu"}}, {{"x", {"1", "8"}}}, {{"y", {"1", "8"}}});
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::string expand(const std::string& arg, const std::string& dir) {
  std::string a = replace_all(arg, "DIR", dir);
  return a.rfind("SRC/", 0) == 0 ? source_path(a.substr(4)) : a;
}

// The case's folder becomes DIR and the checkout's root disappears, as in docs/errors.md.
std::string placeholders(const std::string& text, const std::string& dir) {
  return replace_all(replace_all(text, dir, "DIR"), source_path(""), "");
}

void write_files(const std::string& dir, const std::vector<File>& files) {
  for (const auto& f : files) {
    const std::string path = dir + "/" + f.name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    write_file(path, f.text);
    if (f.executable) chmod(path.c_str(), 0755);
  }
}

Outcome run_in(const std::vector<std::string>& args, const std::string& dir,
               uint64_t max_file_bytes = 0) {
  std::vector<std::string> a;
  for (const auto& x : args) a.push_back(expand(x, dir));
  return run_tessera(a, max_file_bytes);
}

// Runs each case in its own folder; `lines` is how many lines stderr must have (0: not checked).
void check(const std::vector<Case>& cases, int lines = 1) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string dir = temp_dir("errors");
    write_files(dir, c.files);
    for (const auto& s : c.setup) {
      Outcome r = run_in(s, dir);
      ASSERT_EQ(r.status, 0) << "setup failed: " << r.err;
    }
    write_files(dir, c.later);
    const char* old_path = std::getenv("PATH");
    const std::string saved_path = old_path ? old_path : "";
    if (!c.path.empty()) setenv("PATH", expand(c.path, dir).c_str(), 1);
    Outcome r = run_in(c.args, dir, c.max_file_bytes);
    if (!c.path.empty()) setenv("PATH", saved_path.c_str(), 1);
    const std::string err = placeholders(r.err, dir);
    EXPECT_EQ(r.status, c.status) << err;
    if (lines > 0) {
      EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), lines) << err;
    }
    EXPECT_EQ(err, c.err);
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
'''

def render_cpp():
    out = [HEADER]
    for g in GROUPS:
        lines = g.get("lines", 1)
        out.append(f"\n// docs/errors.md#{g['id']}\nTEST(ErrorCatalogue, {g['test']}) {{\n  check({{\n")
        out.append(",\n".join(ccase(g, i, c) for i, c in enumerate(g["cases"])))
        tail = "}" if lines == 1 else ("}, 0" if lines is None else f"}}, {lines}")
        out.append(f",\n  {tail});\n}}\n")
    return "".join(out)

# ------------------------------------------------------------------------------------------- md
def shown_arg(a):
    if a.startswith("SRC/"): a = a[4:]
    return shlex.quote(a) if a else "''"

def command(c, args=None):
    args = c["args"] if args is None else args
    cmd = " ".join(["tessera"] + [shown_arg(a) for a in args])
    if args is not c["args"]: return "$ " + cmd
    if c["path"]: cmd = "PATH=" + c["path"] + " build/" + cmd
    if c["limit"]: cmd = f"(ulimit -f {c['limit'] // 1024}; {cmd})"
    return "$ " + cmd

def file_md(name, spec):
    if isinstance(spec, str):
        if spec == "": return f"`DIR/{name}`: an empty file.\n"
        lang = "json" if name.endswith(".json") else ("yaml" if name.endswith(".yaml") else "text")
        return f"`DIR/{name}`:\n\n```{lang}\n{spec}```\n"
    k = spec["kind"]
    if k in ("raw", "onnx"): return f"`DIR/{name}`: {spec['desc']}.\n"
    if k == "exe": return f"`DIR/{name}` (executable):\n\n```sh\n{spec['text']}```\n"

def render_md(systemc):
    o = []
    o.append("""# Error catalogue

Every class of error the `tessera` command line prints, with a minimal input that triggers it and
the exact message. The texts are checked by `tests/e2e/test_error_catalogue.cpp`, which holds the
same strings (one golden case per example below).

Conventions used below:

* `tessera` is `build/tessera`, run from the repository root (so `configs/...` paths are relative
  to it).
* `DIR` stands for the folder holding the example files; messages name files as they were given
  on the command line, so with `DIR` an absolute path the message shows it too.
* Examples that need a complete run file include `DIR/tiny.yaml`, the smallest one:

```yaml
""" + TINY + """```

* ONNX examples are described in words; the test builds the same files byte by byte
  (`onnx_model` in the test), and any exporter's equivalent gives the same messages.
* A bare `tessera run --set ...` uses the embedded default run (ResNet-50 on
  `configs/hw/edge-npu.yaml`), whose files appear in messages as `@configs/...`.

## How errors look

An error is one line on stderr and exit status 1. The prefix says what kind of problem it is:

| Prefix | What | Location in the message |
|---|---|---|
| `tessera: config error:` | a config value (file, `include:`, `--set`, sweep file) | `FILE:LINE: KEY: ...`; `FILE: ...` when the file itself is missing; `--set: KEY: ...` for overrides |
| `tessera: input error:` | a model, workload or command-line value Tessera checks itself | the model, file or option |
| `tessera: mapping error:` | an operator that cannot be mapped onto the hardware | `layer 'NAME': ...` |
| `tessera: model error:` | a hardware model stopped with work outstanding (deadlock, no progress) | `BLOCK at t=SECONDSs: ...` |
| `tessera: SystemC error:` | the SystemC kernel refused something | SystemC's own report, on one line |
| `tessera: out of memory:` | an allocation failed | |
| `tessera: error:` | anything else, chiefly files that cannot be read or written | the file |
| `tessera: usage error:` | the command line itself (exit status 2) | the option |
| `tessera: incomplete:` | `--max-wall` stopped the run: exit status 3 and a partial `report.json` with `status: incomplete` (its numbers depend on the machine's speed, so it has no golden case here; tests/e2e/test_hardening.cpp checks it) | where it stopped |

One kind of output differs: `tessera trace-check` prints one line per problem in the trace
(prefixed by the file) and exits 1.

This file and `tests/e2e/test_error_catalogue.cpp` (which asserts every message below) are
generated from `scripts/error_catalogue/cases.py` by `python3 scripts/error_catalogue/run_cases.py
[build/tessera] && python3 scripts/error_catalogue/render.py`; review the diff of both when a
message changes.

## Contents

""")
    for n, g in enumerate(GROUPS, 1):
        o.append(f"{n}. [{g['title']}](#{g['id']})\n")
    o.append(f"{len(GROUPS) + 1}. [SystemC errors](#systemc)\n")
    for n, g in enumerate(GROUPS, 1):
        o.append(f"\n<a id=\"{g['id']}\"></a>\n\n## {n}. {g['title']}\n\n{g['desc']}\n")
        statuses = sorted({R[f"{g['id']}/{i}"]["status"] for i in range(len(g["cases"]))})
        o.append(f"\nExit status {statuses[0]}.\n" if len(statuses) == 1 else "")
        shown = set()
        block = []
        def flush():
            if block:
                text = "\n".join(block)
                o.append("\n```console\n" + text + ("" if text.endswith("\n") else "\n") + "```\n")
                block.clear()
        for i, c in enumerate(g["cases"]):
            r = R[f"{g['id']}/{i}"]
            files = [(n_, s) for n_, s in c["files"] if not (n_ == "tiny.yaml" and s == TINY)]
            new = [(n_, s) for n_, s in files if (n_, json.dumps(s, default=str)) not in shown]
            if new or c["later"] or c["setup"]:
                flush()
                for n_, s in new:
                    o.append("\n" + file_md(n_, s))
                    shown.add((n_, json.dumps(s, default=str)))
            if c["setup"]:
                block.extend(command(c, s) + "    # succeeds" for s in c["setup"])
                if c["later"]:
                    flush()
                    for n_, s in c["later"]:
                        o.append("\nthen `DIR/" + n_ + "` changes to:\n\n```yaml\n" + s + "```\n")
            block.append(command(c) + "\n" + r["err"])
            if c["setup"]: flush()
        flush()
        if len(statuses) > 1:
            o.append("\n| Command | Exit status |\n|---|---|\n")
            for i, c in enumerate(g["cases"]):
                o.append(f"| `{command(c)[2:]}` | {R[g['id'] + '/' + str(i)]['status']} |\n")
    o.append(systemc)
    return "".join(o)

SYSTEMC = open(os.path.join(HERE, "systemc.md")).read().replace("{N}", str(len(GROUPS) + 1))
open(os.path.join(SRC, "docs", "errors.md"), "w").write(render_md(SYSTEMC))
open(os.path.join(SRC, "tests", "e2e", "test_error_catalogue.cpp"), "w").write(render_cpp())
# The generated test follows .clang-format like every source (CI checks it).
import subprocess
subprocess.run(["clang-format", "-i", os.path.join(SRC, "tests", "e2e", "test_error_catalogue.cpp")], check=True)
print("rendered")
