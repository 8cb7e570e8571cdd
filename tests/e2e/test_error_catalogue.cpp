// Golden tests of docs/errors.md: every class of error the tessera command line prints, with the
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
  std::vector<File> files;        // written into the case's folder first
  std::vector<std::string> args;  // DIR is the case's folder, SRC/ the checkout
  int status;
  std::string err;                                   // all of stderr, DIR for the case's folder
  std::vector<std::vector<std::string>> setup = {};  // commands that must succeed first
  std::vector<File> later = {};                      // written after the setup
  uint64_t max_file_bytes = 0;  // > 0: the file-size limit of the command (a full disk)
  std::string path = "";        // non-empty: PATH of the command
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
std::string pb_int(uint32_t field, uint64_t v) {
  return varint(field << 3) + varint(v);
}
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
  const std::string tensor = pb_int(1, 1) + pb_bytes(2, shape);   // elem_type FLOAT, shape
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

// docs/errors.md#broken-yaml
TEST(ErrorCatalogue, BrokenYaml) {
  check({
      {"yaml syntax error",
       {{"syntax.yaml",
         "hardware:\n"
         "  name: x\n"
         "  pe_array: {rows: 3\n"}},
       {"validate", "DIR/syntax.yaml"},
       1,
       "tessera: config error: DIR/syntax.yaml:4: YAML syntax error: end of map flow not found\n"},
      {"not a map",
       {{"list.yaml", "- a\n- b\n"}},
       {"validate", "DIR/list.yaml"},
       1,
       "tessera: config error: DIR/list.yaml:1: a config file must be a map of keys\n"},
      {"duplicate key",
       {{"tiny.yaml", kTiny},
        {"duplicate.yaml",
         "include: tiny.yaml\n"
         "workload:\n"
         "  model: resnet18\n"
         "workload:\n"
         "  batch: 2\n"}},
       {"validate", "DIR/duplicate.yaml"},
       1,
       "tessera: config error: DIR/duplicate.yaml:4: workload: duplicate key\n"},
      {"complex key",
       {{"complex-key.yaml", "? [a, b]\n: 1\n"}},
       {"validate", "DIR/complex-key.yaml"},
       1,
       "tessera: config error: DIR/complex-key.yaml:1: map keys must be plain words\n"},
      {"alias that contains itself",
       {{"self-alias.yaml", "x: &a [*a]\n"}},
       {"validate", "DIR/self-alias.yaml"},
       1,
       "tessera: config error: DIR/self-alias.yaml:1: "
       "x.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
       "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0: nested deeper than 64 levels (an alias that "
       "contains itself?)\n"},
      {"aliases that expand too far",
       {{"laughs.yaml",
         "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
         "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
         "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
         "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"}},
       {"validate", "DIR/laughs.yaml"},
       1,
       "tessera: config error: DIR/laughs.yaml:1: f.1.1.3.8.8.7: expands to more than 250000 "
       "values (aliases repeated inside aliases?)\n"},
  });
}

// docs/errors.md#unknown-key
TEST(ErrorCatalogue, UnknownKey) {
  check({
      {"unknown key in a section",
       {{"tiny.yaml", kTiny},
        {"unknown-key.yaml",
         "include: tiny.yaml\n"
         "hardware:\n"
         "  dram:\n"
         "    bandwith: 1GB/s\n"}},
       {"validate", "DIR/unknown-key.yaml"},
       1,
       "tessera: config error: DIR/unknown-key.yaml:4: hardware.dram.bandwith: unknown key in dram "
       "(see `tessera describe dram`)\n"},
      {"unknown key in workload",
       {{"tiny.yaml", kTiny},
        {"unknown-workload-key.yaml",
         "include: tiny.yaml\n"
         "workload:\n"
         "  batchsize: 2\n"}},
       {"validate", "DIR/unknown-workload-key.yaml"},
       1,
       "tessera: config error: DIR/unknown-workload-key.yaml:3: workload.batchsize: unknown key in "
       "workload (see `tessera describe workload`)\n"},
      {"unknown top-level key",
       {},
       {"run", "--set", "foo=1"},
       1,
       "tessera: config error: --set: foo: unknown key in run (see `tessera describe run`)\n"},
      {"unknown key of a map",
       {},
       {"run", "--set", "hardware.pe_array.macs_per_cycle.int9=1"},
       1,
       "tessera: config error: --set: hardware.pe_array.macs_per_cycle.int9: unknown key (expected "
       "one of fp32|bf16|fp16|fp8|int8|int4)\n"},
      {"unknown timing parameter",
       {},
       {"run", "--set", "hardware.dram.timing.tXYZ=3"},
       1,
       "tessera: config error: --set: hardware.dram.timing.tXYZ: unknown key (expected one of "
       "tRCD|tRP|tCL|tCWL|tRAS|tRC|tCCD_S|tCCD_L|tRRD_S|tRRD_L|tFAW|tWR|tWTR_S|tWTR_L|tRTP|tRFC|"
       "tREFI)\n"},
      {"unknown key in a list element",
       {},
       {"run", "--set", "passes.quantization.rules=[{opp: conv}]"},
       1,
       "tessera: config error: --set: passes.quantization.rules.0.opp: unknown key in "
       "quantization_rule (see `tessera describe quantization_rule`)\n"},
  });
}

// docs/errors.md#wrong-type
TEST(ErrorCatalogue, WrongType) {
  check({
      {"not a whole number",
       {{"tiny.yaml", kTiny},
        {"wrong-type.yaml",
         "include: tiny.yaml\n"
         "hardware:\n"
         "  pe_array:\n"
         "    rows: eight\n"}},
       {"validate", "DIR/wrong-type.yaml"},
       1,
       "tessera: config error: DIR/wrong-type.yaml:4: hardware.pe_array.rows: expected a whole "
       "number, got 'eight'\n"},
      {"fraction for a whole number",
       {},
       {"run", "--set", "workload.batch=1.5"},
       1,
       "tessera: config error: --set: workload.batch: expected a whole number, got '1.5'\n"},
      {"not a number",
       {},
       {"run", "--set", "hardware.pe_array.efficiency=high"},
       1,
       "tessera: config error: --set: hardware.pe_array.efficiency: expected a number, got "
       "'high'\n"},
      {"not true or false",
       {},
       {"run", "--set", "hardware.fused_attention=maybe"},
       1,
       "tessera: config error: --set: hardware.fused_attention: expected true or false, got "
       "'maybe'\n"},
      {"not one of the choices",
       {},
       {"run", "--set", "hardware.pe_array.dataflow=diagonal"},
       1,
       "tessera: config error: --set: hardware.pe_array.dataflow: unknown value 'diagonal' "
       "(expected one of os|ws|is|auto)\n"},
      {"unknown precision",
       {},
       {"run", "--set", "workload.precision=int3"},
       1,
       "tessera: config error: --set: workload.precision: unknown precision 'int3' (expected fp32, "
       "bf16, fp16, fp8, int8, int4 or native)\n"},
      {"unknown operator class",
       {},
       {"run", "--set", "passes.quantization.rules=[{op: lstm}]"},
       1,
       "tessera: config error: --set: passes.quantization.rules.0.op: unknown operator class "
       "'lstm'\n"},
      {"list for a single value",
       {},
       {"run", "--set", "hardware.pe_array.rows=[1, 2]"},
       1,
       "tessera: config error: --set: hardware.pe_array.rows: expected a single value, not a list "
       "or map\n"},
      {"value for a section",
       {},
       {"run", "--set", "hardware.pe_array=5"},
       1,
       "tessera: config error: --set: hardware.pe_array: expected a section (a map of keys)\n"},
      {"value for a list",
       {},
       {"run", "--set", "hardware.buffers=5"},
       1,
       "tessera: config error: --set: hardware.buffers: expected a list\n"},
      {"value for a list element",
       {},
       {"run", "--set", "passes.quantization.rules=[5]"},
       1,
       "tessera: config error: --set: passes.quantization.rules.0: expected a section (a map of "
       "keys)\n"},
      {"empty value",
       {},
       {"run", "--set", "hardware.name="},
       1,
       "tessera: config error: --set: hardware.name: missing value\n"},
      {"missing required key",
       {{"empty.yaml", ""}},
       {"validate", "DIR/empty.yaml"},
       1,
       "tessera: config error: DIR/empty.yaml:1: hardware: missing required key\n"},
      {"missing required key in a section",
       {{"no-rows.yaml",
         "technology: 45nm\n"
         "hardware:\n"
         "  name: tiny\n"
         "  clock: 1GHz\n"
         "  pe_array: {cols: 8, macs_per_cycle: {int8: 1}}\n"
         "  buffers:\n"
         "    - {name: buf, size: 256KiB, holds: [inputs, weights, outputs]}\n"
         "  dram: {technology: lpddr4x, bandwidth: 8GB/s, latency: 100ns}\n"
         "workload:\n"
         "  model: gemm:M=64,N=64,K=64\n"}},
       {"validate", "DIR/no-rows.yaml"},
       1,
       "tessera: config error: DIR/no-rows.yaml:5: hardware.pe_array.rows: missing required key\n"},
  });
}

// docs/errors.md#out-of-range
TEST(ErrorCatalogue, OutOfRange) {
  check({
      {"whole number too small",
       {},
       {"run", "--set", "hardware.pe_array.rows=0"},
       1,
       "tessera: config error: --set: hardware.pe_array.rows: value 0 out of range [1, 65536]\n"},
      {"negative batch",
       {},
       {"run", "--set", "workload.batch=-1"},
       1,
       "tessera: config error: --set: workload.batch: value -1 out of range [1, 1048576]\n"},
      {"number too large",
       {},
       {"run", "--set", "passes.pruning.sparsity=2"},
       1,
       "tessera: config error: --set: passes.pruning.sparsity: value 2 out of range [0, 0.99]\n"},
      {"zero frequency",
       {},
       {"run", "--set", "hardware.clock=0GHz"},
       1,
       "tessera: config error: --set: hardware.clock: value 0GHz must be greater than 0Hz\n"},
      {"zero size",
       {},
       {"run", "--set", "hardware.buffers.0.size=0B"},
       1,
       "tessera: config error: --set: hardware.buffers.0.size: value 0B must be at least 1B\n"},
      {"negative size",
       {{"tiny.yaml", kTiny},
        {"negative-size.yaml",
         "include: tiny.yaml\n"
         "hardware:\n"
         "  buffers:\n"
         "    - {name: buf, size: -4KiB, holds: [inputs, weights, outputs]}\n"}},
       {"validate", "DIR/negative-size.yaml"},
       1,
       "tessera: config error: DIR/negative-size.yaml:4: hardware.buffers.0.size: bad value "
       "'-4KiB': a size cannot be negative\n"},
      {"fraction of a byte",
       {},
       {"run", "--set", "hardware.buffers.0.size=1.5B"},
       1,
       "tessera: config error: --set: hardware.buffers.0.size: bad value '1.5B': a size must be a "
       "whole number of bytes\n"},
      {"overflowing quantity",
       {},
       {"run", "--set", "hardware.clock=1e400GHz"},
       1,
       "tessera: config error: --set: hardware.clock: bad value '1e400GHz': number out of range\n"},
      {"negative time",
       {},
       {"run", "--set", "simulation.dma_quantum=-1ns"},
       1,
       "tessera: config error: --set: simulation.dma_quantum: value -1ns must be at least 0fs\n"},
  });
}

// docs/errors.md#units
TEST(ErrorCatalogue, Units) {
  check({
      {"missing unit",
       {{"tiny.yaml", kTiny},
        {"no-unit.yaml",
         "include: tiny.yaml\n"
         "hardware:\n"
         "  clock: 800\n"}},
       {"validate", "DIR/no-unit.yaml"},
       1,
       "tessera: config error: DIR/no-unit.yaml:3: hardware.clock: bad value '800': missing unit: "
       "expected a frequency such as 1.4GHz\n"},
      {"unit of another quantity",
       {{"tiny.yaml", kTiny},
        {"wrong-unit.yaml",
         "include: tiny.yaml\n"
         "hardware:\n"
         "  clock: 800MB\n"}},
       {"validate", "DIR/wrong-unit.yaml"},
       1,
       "tessera: config error: DIR/wrong-unit.yaml:3: hardware.clock: bad value '800MB': unknown "
       "unit 'MB' for a frequency (e.g. 1.4GHz)\n"},
      {"missing power unit",
       {},
       {"run", "--set", "hardware.power.tdp=5"},
       1,
       "tessera: config error: --set: hardware.power.tdp: bad value '5': missing unit: expected a "
       "power such as 2W\n"},
      {"unknown size unit",
       {},
       {"run", "--set", "hardware.buffers.0.size=2PiB"},
       1,
       "tessera: config error: --set: hardware.buffers.0.size: bad value '2PiB': unknown unit "
       "'PiB' for a size (e.g. 64KiB)\n"},
  });
}

// docs/errors.md#set-syntax
TEST(ErrorCatalogue, SetSyntax) {
  check({
      {"no equals sign",
       {},
       {"run", "--set", "hardware.pe_array.rows"},
       1,
       "tessera: config error: --set: hardware.pe_array.rows: expected key.path=value\n"},
      {"empty path component",
       {},
       {"run", "--set", "hardware..clock=1GHz"},
       1,
       "tessera: config error: --set: hardware..clock: empty component in key path\n"},
      {"below a plain value",
       {},
       {"run", "--set", "hardware.clock.x=1"},
       1,
       "tessera: config error: --set: hardware.clock.x: 'x' is below a plain value\n"},
      {"index past the end",
       {},
       {"run", "--set", "hardware.buffers.9.size=1KiB"},
       1,
       "tessera: config error: --set: hardware.buffers.9.size: index 9 is past the end of the "
       "list\n"},
  });
}

// docs/errors.md#missing-file
TEST(ErrorCatalogue, MissingFile) {
  check({
      {"run file",
       {},
       {"run", "DIR/missing.yaml"},
       1,
       "tessera: config error: DIR/missing.yaml: file not found\n"},
      {"hardware file",
       {},
       {"run", "--hw", "DIR/missing.yaml"},
       1,
       "tessera: config error: DIR/missing.yaml: file not found\n"},
      {"onnx file",
       {},
       {"run", "--model", "DIR/missing.onnx"},
       1,
       "tessera: input error: model 'DIR/missing.onnx': cannot open the file (missing or "
       "unreadable)\n"},
  });
}

// docs/errors.md#includes
TEST(ErrorCatalogue, Includes) {
  check({
      {"included file missing",
       {{"include-missing.yaml", "include: nothere.yaml\n"}},
       {"validate", "DIR/include-missing.yaml"},
       1,
       "tessera: config error: DIR/include-missing.yaml:1: include: included file "
       "'DIR/nothere.yaml' not found\n"},
      {"includes itself",
       {{"self.yaml", "include: self.yaml\n"}},
       {"validate", "DIR/self.yaml"},
       1,
       "tessera: config error: DIR/self.yaml:1: include: include cycle through 'DIR/self.yaml'\n"},
      {"include cycle",
       {{"a.yaml", "include: b.yaml\n"}, {"b.yaml", "include: a.yaml\n"}},
       {"validate", "DIR/a.yaml"},
       1,
       "tessera: config error: DIR/b.yaml:1: include: include cycle through 'DIR/a.yaml'\n"},
      {"include is a map",
       {{"include-map.yaml", "include: {file: tiny.yaml}\n"}},
       {"validate", "DIR/include-map.yaml"},
       1,
       "tessera: config error: DIR/include-map.yaml:1: include: include must be a path or a list "
       "of paths\n"},
      {"include of a device",
       {{"include-device.yaml", "include: /dev/zero\n"}},
       {"validate", "DIR/include-device.yaml"},
       1,
       "tessera: config error: DIR/include-device.yaml:1: include: included file '/dev/zero': not "
       "a regular file (a device, FIFO or socket)\n"},
  });
}

// docs/errors.md#inconsistent-hardware
TEST(ErrorCatalogue, InconsistentHardware) {
  check({
      {"no buffer holds outputs",
       {},
       {"run", "--set", "hardware.buffers.0.holds=[inputs, weights]"},
       1,
       "tessera: config error: @configs/hw/edge-npu.yaml:26: hardware.buffers: exactly one buffer "
       "must hold outputs (found 0)\n"},
      {"unknown operand",
       {},
       {"run", "--set", "hardware.buffers.0.holds=[inputs, weights, psums]"},
       1,
       "tessera: config error: --set: hardware.buffers.0.holds: unknown operand 'psums' (expected "
       "inputs, weights or outputs)\n"},
      {"native precision not supported",
       {},
       {"run", "--set", "hardware.pe_array.native_precision=fp16"},
       1,
       "tessera: config error: --set: hardware.pe_array.native_precision: 'fp16' is not listed in "
       "macs_per_cycle\n"},
      {"mesh size differs from cores",
       {},
       {"run", "--hw", "SRC/configs/hw/manycore-npu.yaml", "--set", "hardware.cores=60"},
       1,
       "tessera: config error: configs/hw/manycore-npu.yaml:39: hardware.interconnect.mesh_cols: a "
       "8 x 8 mesh has 64 routers but hardware.cores is 60\n"},
      {"memory node outside the mesh",
       {},
       {"run", "--hw", "SRC/configs/hw/manycore-npu.yaml", "--set",
        "hardware.interconnect.memory_nodes=[99]"},
       1,
       "tessera: config error: --set: hardware.interconnect.memory_nodes: router 99 is outside the "
       "mesh\n"},
  });
}

// docs/errors.md#unknown-model
TEST(ErrorCatalogue, UnknownModel) {
  check({
      {"unknown zoo name",
       {},
       {"run", "--model", "resnet51"},
       1,
       "tessera: input error: unknown model 'resnet51' (zoo: resnet18, resnet50, mobilenet_v2, "
       "vgg16, bert_base, gpt2_small, gpt3, vit_b_16; or gemm:M=..,N=..,K=.., "
       "conv:H=..,W=..,C=..,K=..,R=..,S=.., gpt:layers=.., or a .onnx file)\n"},
      {"yaml file as a model",
       {},
       {"run", "--model", "resnet18.yaml"},
       1,
       "tessera: input error: unknown model 'resnet18.yaml' (zoo: resnet18, resnet50, "
       "mobilenet_v2, vgg16, bert_base, gpt2_small, gpt3, vit_b_16; or gemm:M=..,N=..,K=.., "
       "conv:H=..,W=..,C=..,K=..,R=..,S=.., gpt:layers=.., or a .onnx file)\n"},
      {"unknown component",
       {},
       {"describe", "pe-array"},
       1,
       "tessera: input error: unknown component 'pe-array' (run `tessera describe` for the "
       "list)\n"},
      {"collective benchmark on a chip",
       {},
       {"run", "--model", "allreduce:bytes=1MiB"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB' is a collective benchmark: it needs "
       "a cluster config (--hw with a cluster: section)\n"},
      {"sequence longer than the model",
       {},
       {"run", "--model", "bert_base", "--set", "workload.seq_len=1000"},
       1,
       "tessera: input error: bert_base: seq_len 1000 outside [1, 512] (the model's position "
       "table)\n"},
  });
}

// docs/errors.md#single-layer
TEST(ErrorCatalogue, SingleLayerSpec) {
  check({
      {"gpt without layers",
       {},
       {"run", "--model", "gpt:d=64"},
       1,
       "tessera: input error: workload 'gpt:d=64': missing layers=\n"},
      {"gpt width not divisible by heads",
       {},
       {"run", "--model", "gpt:layers=2,d=100,heads=3"},
       1,
       "tessera: input error: workload 'gpt:layers=2,d=100,heads=3': d must be divisible by "
       "heads\n"},
      {"missing dimension",
       {},
       {"run", "--model", "gemm:M=64,N=64"},
       1,
       "tessera: input error: workload 'gemm:M=64,N=64': missing K=\n"},
      {"nothing after the colon",
       {},
       {"run", "--model", "conv:"},
       1,
       "tessera: input error: workload 'conv:': missing H=\n"},
      {"key given twice",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64,M=32"},
       1,
       "tessera: input error: workload 'gemm:M=64,N=64,K=64,M=32': key 'M' given twice\n"},
      {"item without a value",
       {},
       {"run", "--model", "gemm:M=64,N,K=64"},
       1,
       "tessera: input error: workload 'gemm:M=64,N,K=64': expected key=value in 'N' "
       "(gemm:M=..,N=..,K=..)\n"},
      {"zero dimension",
       {},
       {"run", "--model", "gemm:M=0,N=64,K=64"},
       1,
       "tessera: input error: workload 'gemm:M=0,N=64,K=64': M=0 must be a whole number >= 1\n"},
      {"unknown key",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64,Q=1"},
       1,
       "tessera: input error: workload 'gemm:M=64,N=64,K=64,Q=1': unknown key 'Q' (allowed: M, N, "
       "K, B)\n"},
      {"channels not divisible by groups",
       {},
       {"run", "--model", "conv:H=8,W=8,C=3,K=8,R=3,groups=2"},
       1,
       "tessera: input error: workload 'conv:H=8,W=8,C=3,K=8,R=3,groups=2': C and K must be "
       "divisible by groups\n"},
      {"kernel larger than the input",
       {},
       {"run", "--model", "conv:H=2,W=2,C=4,K=4,R=3"},
       1,
       "tessera: input error: workload 'conv:H=2,W=2,C=4,K=4,R=3': kernel larger than padded "
       "input\n"},
  });
}

// docs/errors.md#onnx-graph
TEST(ErrorCatalogue, OnnxGraph) {
  check({
      {"unknown operator",
       {{"unknown-op.onnx", unknown_op_onnx()}},
       {"run", "--model", "DIR/unknown-op.onnx"},
       1,
       "tessera: input error: model 'DIR/unknown-op.onnx': node 'n0' (FooBar): operator FooBar is "
       "not supported (pass --unsupported=skip to skip it)\n"},
      {"unknown operator skipped",
       {{"unknown-op.onnx", unknown_op_onnx()}},
       {"run", "--model", "DIR/unknown-op.onnx", "--unsupported", "skip"},
       1,
       "tessera: input error: model 'DIR/unknown-op.onnx': node 'n0' (FooBar): cannot skip FooBar: "
       "its output shape is unknown\n"},
      {"dangling input",
       {{"dangling.onnx",
         onnx_model({{{"q"}, {"y"}, "n0", "Relu"}}, {{"x", {"1", "8"}}}, {{"y", {"1", "8"}}})}},
       {"run", "--model", "DIR/dangling.onnx"},
       1,
       "tessera: input error: model 'DIR/dangling.onnx': node 'n0' (Relu): reads 'q', which no "
       "node, initializer or input provides\n"},
      {"cycle",
       {{"cycle.onnx", onnx_model({{{"x", "b"}, {"a"}, "n0", "Add"}, {{"a"}, {"b"}, "n1", "Relu"}},
                                  {{"x", {"1", "8"}}}, {{"b", {"1", "8"}}})}},
       {"run", "--model", "DIR/cycle.onnx"},
       1,
       "tessera: input error: model 'DIR/cycle.onnx': node 'n0' (Add): the graph has a cycle "
       "through this node\n"},
  });
}

// docs/errors.md#not-onnx
TEST(ErrorCatalogue, NotOnnx) {
  check({
      {"not a protobuf",
       {{"text.onnx", "hello, not onnx\n"}},
       {"run", "--model", "DIR/text.onnx"},
       1,
       "tessera: input error: model 'DIR/text.onnx': not an ONNX model (the protobuf does not "
       "parse; truncated?)\n"},
      {"empty file",
       {{"empty.onnx", ""}},
       {"run", "--model", "DIR/empty.onnx"},
       1,
       "tessera: input error: model 'DIR/empty.onnx': the file is empty\n"},
      {"no graph",
       {{"no-graph.onnx", "\x08\x08"}},
       {"run", "--model", "DIR/no-graph.onnx"},
       1,
       "tessera: input error: model 'DIR/no-graph.onnx': not an ONNX model (no graph with "
       "nodes)\n"},
      {"no opset",
       {{"no-opset.onnx", onnx_model({{{"x"}, {"y"}, "n0", "Relu"}}, {}, {}, false)}},
       {"run", "--model", "DIR/no-opset.onnx"},
       1,
       "tessera: input error: model 'DIR/no-opset.onnx': not an ONNX model (no opset_import)\n"},
  });
}

// docs/errors.md#input-shape
TEST(ErrorCatalogue, InputShape) {
  check({
      {"no shape",
       {{"relu.onnx", relu_onnx()}},
       {"run", "--model", "DIR/relu.onnx", "--input-shape", "x"},
       1,
       "tessera: input error: input shape 'x': expected name=1x3x224x224\n"},
      {"bad dimensions",
       {{"relu.onnx", relu_onnx()}},
       {"run", "--model", "DIR/relu.onnx", "--input-shape", "x=1xAx8"},
       1,
       "tessera: input error: input shape 'x=1xAx8': dimensions must be positive whole numbers "
       "separated by x\n"},
      {"zero dimension",
       {{"relu.onnx", relu_onnx()}},
       {"run", "--model", "DIR/relu.onnx", "--input-shape", "x=1x0"},
       1,
       "tessera: input error: input shape 'x=1x0': dimensions must be positive whole numbers "
       "separated by x\n"},
      {"not an input",
       {{"relu.onnx", relu_onnx()}},
       {"run", "--model", "DIR/relu.onnx", "--input-shape", "image=1x8"},
       1,
       "tessera: input error: model 'DIR/relu.onnx': --input-shape names 'image', which is not an "
       "input of the model\n"},
      {"given twice",
       {{"relu.onnx", relu_onnx()}},
       {"run", "--model", "DIR/relu.onnx", "--input-shape", "x=1x8", "--input-shape", "x=2x8"},
       1,
       "tessera: input error: input shape 'x=2x8': input 'x' is given twice\n"},
      {"not an ONNX model",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--input-shape", "x=1x8"},
       1,
       "tessera: input error: --input-shape / workload.input_shapes apply to ONNX models only, not "
       "'gemm:M=64,N=64,K=64'\n"},
      {"dynamic dimension",
       {{"dynamic.onnx", onnx_model({{{"x"}, {"y"}, "n0", "Relu"}}, {{"x", {"1", "H", "8"}}},
                                    {{"y", {"1", "8"}}})}},
       {"run", "--model", "DIR/dynamic.onnx"},
       1,
       "tessera: input error: model 'DIR/dynamic.onnx': input 'x' has dynamic dimension 1 ('H'): "
       "pass --input-shape x=1x3x224x224 (its full shape)\n"},
  });
}

// docs/errors.md#mapping
TEST(ErrorCatalogue, Mapping) {
  check({
      {"buffer too small",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "hardware.buffers.0.size=64B"},
       1,
       "tessera: mapping error: layer 'gemm': no tile fits the buffers (gbuf 64 B): the smallest "
       "double-buffered tiles need 322 B in one buffer\n"},
      {"buffer too small for a convolution",
       {},
       {"run", "--model", "resnet18", "--set", "hardware.buffers.0.size=1KiB"},
       1,
       "tessera: mapping error: layer 'stem.conv': no tile fits the buffers (gbuf 1024 B): the "
       "smallest double-buffered tiles need 7424 B in one buffer\n"},
      {"unsupported precision",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "workload.precision=bf16"},
       1,
       "tessera: mapping error: layer 'gemm': precision bf16 is not supported by the PE array "
       "(macs_per_cycle lists int4, int8)\n"},
  });
}

// docs/errors.md#dram
TEST(ErrorCatalogue, Dram) {
  check({
      {"tRC below tRAS + tRP",
       {},
       {"run", "--set", "hardware.dram.timing.tRC=10"},
       1,
       "tessera: config error: --set: hardware.dram.timing.tRC: timing parameters cannot hold "
       "together: tRC must be at least tRAS + tRP\n"},
      {"tREFI not above tRFC",
       {},
       {"run", "--set", "hardware.dram.timing.tREFI=1"},
       1,
       "tessera: config error: --set: hardware.dram.timing.tREFI: timing parameters cannot hold "
       "together: tREFI must exceed tRFC\n"},
      {"timing not a positive whole number",
       {},
       {"run", "--set", "hardware.dram.timing.tRCD=0"},
       1,
       "tessera: config error: --set: hardware.dram.timing.tRCD: must be a whole number of cycles "
       ">= 1\n"},
      {"mapping misses a field",
       {},
       {"run", "--set", "hardware.dram.mapping=ro-ba-co-bg-ch"},
       1,
       "tessera: config error: --set: hardware.dram.mapping: field 'ra' is missing, so the mapping "
       "does not cover the capacity\n"},
      {"mapping repeats a field",
       {},
       {"run", "--set", "hardware.dram.mapping=ro-ba-ra-co-bg-ch-ch"},
       1,
       "tessera: config error: --set: hardware.dram.mapping: field 'ch' appears twice\n"},
      {"mapping has an unknown field",
       {},
       {"run", "--set", "hardware.dram.mapping=ro-ba-ra-co-bg-xx"},
       1,
       "tessera: config error: --set: hardware.dram.mapping: unknown field 'xx' (use ch, ra, bg, "
       "ba, ro, co)\n"},
      {"bus not whole bytes",
       {},
       {"run", "--set", "hardware.dram.bus_bits=12"},
       1,
       "tessera: config error: --set: hardware.dram.bus_bits: must be a positive multiple of 8\n"},
      {"burst not whole clocks",
       {},
       {"run", "--set", "hardware.dram.burst_length=1"},
       1,
       "tessera: config error: --set: hardware.dram.burst_length: must be a whole number of clocks "
       "(a multiple of transfers_per_clock)\n"},
      {"unknown memory technology",
       {},
       {"run", "--set", "hardware.dram.technology=ddr9"},
       1,
       "tessera: config error: --set: hardware.dram.technology: unknown technology 'ddr9' "
       "(expected ddr4, lpddr4x, lpddr5, hbm2e or hbm3)\n"},
      {"timing table incomplete",
       {{"timing.yaml",
         "technology: 45nm\n"
         "hardware:\n"
         "  name: tiny\n"
         "  clock: 1GHz\n"
         "  pe_array: {rows: 8, cols: 8, macs_per_cycle: {int8: 1}}\n"
         "  buffers:\n"
         "    - {name: buf, size: 256KiB, holds: [inputs, weights, outputs]}\n"
         "  dram: {technology: lpddr4x, bandwidth: 8GB/s, latency: 100ns, timing: {tRCD: 3}}\n"
         "workload:\n"
         "  model: gemm:M=64,N=64,K=64\n"}},
       {"validate", "DIR/timing.yaml"},
       1,
       "tessera: config error: DIR/timing.yaml:8: hardware.dram.timing.tRP: missing timing "
       "parameter\n"},
      {"neither bandwidth nor preset",
       {{"no-bandwidth.yaml",
         "technology: 45nm\n"
         "hardware:\n"
         "  name: tiny\n"
         "  clock: 1GHz\n"
         "  pe_array: {rows: 8, cols: 8, macs_per_cycle: {int8: 1}}\n"
         "  buffers:\n"
         "    - {name: buf, size: 256KiB, holds: [inputs, weights, outputs]}\n"
         "  dram: {technology: lpddr4x}\n"
         "workload:\n"
         "  model: gemm:M=64,N=64,K=64\n"}},
       {"validate", "DIR/no-bandwidth.yaml"},
       1,
       "tessera: config error: DIR/no-bandwidth.yaml:8: hardware.dram: needs bandwidth and "
       "latency, or a bank-level preset (include configs/dram/*.yaml)\n"},
      {"bank model without a preset",
       {{"tiny.yaml", kTiny}},
       {"run", "DIR/tiny.yaml", "--set", "simulation.dram=bank"},
       1,
       "tessera: config error: --set: simulation.dram: bank-level DRAM needs hardware.dram to "
       "include a preset (configs/dram/*.yaml)\n"},
  });
}

// docs/errors.md#dram-preset
TEST(ErrorCatalogue, DramPreset) {
  check({
      {"unknown name",
       {},
       {"run", "--set", "hardware.dram.preset=ddr9"},
       1,
       "tessera: config error: --set: hardware.dram.preset: unknown DRAM preset 'ddr9' (ddr4-3200, "
       "lpddr4x-4266, lpddr5-6400, hbm2e-3200, hbm3-6400, or a .yaml path)\n"},
      {"missing yaml path",
       {},
       {"run", "--set", "hardware.dram.preset=DIR/my-dram.yaml"},
       1,
       "tessera: config error: --set: hardware.dram.preset: unknown DRAM preset 'DIR/my-dram.yaml' "
       "(ddr4-3200, lpddr4x-4266, lpddr5-6400, hbm2e-3200, hbm3-6400, or a .yaml path)\n"},
  });
}

// docs/errors.md#cluster-topology
TEST(ErrorCatalogue, ClusterTopology) {
  check({
      {"unknown topology",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=mesh"},
       1,
       "tessera: config error: --set: cluster.topology: unknown topology 'mesh' (expected ring, "
       "torus2d, torus3d, fully_connected, switch, fat_tree or a list of dimensions)\n"},
      {"torus without shape",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=torus2d"},
       1,
       "tessera: input error: cluster: cluster.shape must list 2 sizes for a torus2d\n"},
      {"torus shape size",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=torus2d", "--set", "cluster.shape=[3, 3]"},
       1,
       "tessera: input error: cluster: a torus2d of shape 3x3 has 9 nodes but cluster.nodes is "
       "8\n"},
      {"torus shape zero",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=torus2d", "--set", "cluster.shape=[0, 8]"},
       1,
       "tessera: input error: cluster: cluster.shape sizes must be positive\n"},
      {"fat tree without leaves",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=fat_tree"},
       1,
       "tessera: input error: cluster: a fat tree needs cluster.leaves and cluster.spines of at "
       "least 1\n"},
      {"fat tree leaves do not divide",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=fat_tree", "--set", "cluster.leaves=3", "--set",
        "cluster.spines=2"},
       1,
       "tessera: input error: cluster: cluster.nodes (8) must be a multiple of cluster.leaves "
       "(3)\n"},
      {"hierarchical dimensions",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set",
        "cluster.topology=[{topology: ring, size: 3, link: {bandwidth: 50GB/s, latency: 1us}}]"},
       1,
       "tessera: input error: cluster: the dimensions multiply to 3 nodes but cluster.nodes is "
       "8\n"},
      {"hierarchical dimension topology",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.topology=[{topology: torus, size: 8}]"},
       1,
       "tessera: config error: --set: cluster.topology.0.topology: unknown value 'torus' (expected "
       "one of ring|fully_connected|switch)\n"},
      {"zero nodes",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB",
        "--set", "cluster.nodes=0"},
       1,
       "tessera: config error: --set: cluster.nodes: value 0 out of range [1, 16777216]\n"},
  });
}

// docs/errors.md#cluster-parallelism
TEST(ErrorCatalogue, ClusterParallelism) {
  check({
      {"tp does not divide the nodes",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "resnet18", "--set",
        "cluster.parallelism.tp=3"},
       1,
       "tessera: config error: --set: cluster.parallelism.tp: tp x pp = 3 does not divide "
       "cluster.nodes 8\n"},
      {"degrees do not multiply to the nodes",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "resnet18", "--set",
        "cluster.parallelism.dp=3"},
       1,
       "tessera: config error: --set: cluster.parallelism.dp: dp x tp x pp = 3 x 1 x 1 = 3 but "
       "cluster.nodes is 8\n"},
      {"batch not a multiple of micro-batches",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "resnet18", "--batch", "3",
        "--set", "cluster.parallelism.microbatches=2"},
       1,
       "tessera: input error: workload.batch 3 (per data-parallel replica) must be a multiple of "
       "cluster.parallelism.microbatches = 2\n"},
      {"more stages than layers",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "gemm:M=64,N=64,K=64",
        "--set", "cluster.parallelism.pp=8", "--set", "cluster.parallelism.dp=1"},
       1,
       "tessera: input error: cannot split gemm_M64_N64_K64 into 8 pipeline stages: it has 1 "
       "layers that do work\n"},
  });
}

// docs/errors.md#collectives
TEST(ErrorCatalogue, Collectives) {
  check({
      {"bytes missing",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce"},
       1,
       "tessera: input error: workload 'allreduce': bytes= is required (e.g. "
       "allreduce:bytes=64MiB)\n"},
      {"bytes without unit",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=0"},
       1,
       "tessera: input error: workload 'allreduce:bytes=0': bytes=0 is not a size (missing unit: "
       "expected a size such as 64KiB, e.g. 64MiB)\n"},
      {"item without a value",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB,x"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,x': expected key=value, got 'x'\n"},
      {"unknown option",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "allreduce:bytes=1MiB,foo=1"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,foo=1': unknown option 'foo' (bytes, "
       "algorithm, chunks, count, dtype, root, peer)\n"},
      {"unknown algorithm",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "allreduce:bytes=1MiB,algorithm=zz"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,algorithm=zz': unknown algorithm 'zz' "
       "(ring, biring, tree, double_tree, halving_doubling, recursive_doubling, direct, "
       "hierarchical)\n"},
      {"unknown dtype",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "allreduce:bytes=1MiB,dtype=int3"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,dtype=int3': unknown dtype 'int3'\n"},
      {"zero chunks",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "allreduce:bytes=1MiB,chunks=0"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,chunks=0': chunks=0 must be an "
       "integer >= 1\n"},
      {"algorithm needs a power of two",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "allreduce:bytes=1MiB,algorithm=halving_doubling", "--set", "cluster.nodes=6"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,algorithm=halving_doubling': "
       "halving_doubling needs a power-of-two number of ranks (got 6)\n"},
      {"hierarchical on a ring",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "allreduce:bytes=1MiB,algorithm=hierarchical"},
       1,
       "tessera: input error: workload 'allreduce:bytes=1MiB,algorithm=hierarchical': the "
       "hierarchical algorithm needs a torus or a hierarchical topology (dimensions)\n"},
      {"algorithm does not run the collective",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "alltoall:bytes=1MiB,algorithm=tree"},
       1,
       "tessera: input error: workload 'alltoall:bytes=1MiB,algorithm=tree': alltoall runs direct "
       "or ring, not tree\n"},
      {"send to itself",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "sendrecv:bytes=1MiB,peer=0"},
       1,
       "tessera: input error: workload 'sendrecv:bytes=1MiB,peer=0': send/recv needs two different "
       "positions\n"},
      {"root outside the cluster",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model",
        "broadcast:bytes=1MiB,root=9"},
       1,
       "tessera: input error: workload 'broadcast:bytes=1MiB,root=9': root=9 is not a node of this "
       "cluster (nodes 0..7)\n"},
  });
}

// docs/errors.md#model-errors
TEST(ErrorCatalogue, ModelErrors) {
  check({
      {"network deadlock",
       {},
       {"run", "--hw", "SRC/configs/clusters/ring-8.yaml", "--model", "alltoall:bytes=6MiB",
        "--set", "cluster.nodes=6", "--set", "cluster.link.buffer_depth=1", "--set",
        "simulation.network=packet", "--set", "cluster.deadlock_avoidance=false", "--out",
        "DIR/out"},
       1,
       "tessera: model error: cluster.network at t=0.000073s: network deadlock: 18 messages never "
       "arrived; blocked links: ring.0->1 (buffer full) ring.1->2 (buffer full) ring.2->3 (buffer "
       "full) ring.3->4 (buffer full) ring.4->5 (buffer full)\n"},
      {"chip watchdog",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "simulation.watchdog_cycles=1", "--out",
        "DIR/out"},
       1,
       "tessera: model error: chip at t=0.000000s: no progress: no command finished for 1 cycles "
       "(simulation.watchdog_cycles) while 7 of 7 commands are outstanding: core 0 DMA runs Load "
       "#0 of layer 'gemm' since 0.000000 us and it has not finished; core 0 PE array waits: next "
       "is Compute #2 of layer 'gemm', which depends on unfinished Load #0 of layer 'gemm' on core "
       "0 DMA\n"},
      {"DRAM refresh livelock",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--batch", "64", "--set", "simulation.dram=bank",
        "--set", "hardware.dram.timing.tREFI=3125", "--set", "hardware.dram.timing.tRFC=3124",
        "--set", "simulation.watchdog_cycles=2000000", "--out", "DIR/out"},
       1,
       "tessera: model error: chip at t=0.003146s: no progress: no command finished for 2097152 "
       "cycles (simulation.watchdog_cycles) while 47 of 50 commands are outstanding: core 0 DMA "
       "runs Store #3 of layer 'gemm' since 2.672000 us and it has not finished; core 0 PE array "
       "waits: next is Compute #5 of layer 'gemm', which depends on unfinished Load #4 of layer "
       "'gemm' on core 0 DMA; sequencer waits: next is Barrier #49 of layer 'gemm', which depends "
       "on unfinished Store #3 of layer 'gemm' on core 0 DMA; DRAM channel 0 holds 32 requests "
       "(queue full) after 2147 refreshes; DRAM channel 1 holds 32 requests (queue full) after "
       "2147 refreshes\n"},
  });
}

// docs/errors.md#limits
TEST(ErrorCatalogue, Limits) {
  check({
      {"memory limit",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "simulation.memory_limit=1MiB", "--out",
        "DIR/out"},
       1,
       "tessera: input error: the run needs an estimated 16.0 MiB of memory (7 commands, 1 "
       "operators), more than simulation.memory_limit 1.0 MiB\n"},
      {"memory limit without a unit",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "simulation.memory_limit=lots", "--out",
        "DIR/out"},
       1,
       "tessera: config error: --set: simulation.memory_limit: bad value 'lots': expected a size "
       "such as 64KiB\n"},
      {"wall-clock limit without a unit",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--max-wall", "soon", "--out", "DIR/out"},
       1,
       "tessera: config error: --set: simulation.max_wall: bad value 'soon': expected a time such "
       "as 100ns\n"},
      {"negative watchdog",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "simulation.watchdog_cycles=-1", "--out",
        "DIR/out"},
       1,
       "tessera: config error: --set: simulation.watchdog_cycles: value -1 out of range [0, "
       "4611686018427387904]\n"},
      {"DRAM too small",
       {},
       {"run", "--model", "gemm:M=512,N=512,K=512", "--set", "simulation.dram=bank", "--set",
        "hardware.dram.rows=1", "--set", "hardware.dram.channels=1", "--out", "DIR/out"},
       1,
       "tessera: input error: the workload needs 786432 B of DRAM (weights and activations) but "
       "hardware.dram holds 16384 B (channels x ranks x bank_groups x banks_per_group x rows x "
       "row_size)\n"},
      {"too many cores",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--set", "hardware.cores=1073741824", "--out",
        "DIR/out"},
       1,
       "tessera: config error: --set: hardware.cores: value 1073741824 out of range [1, 65536]\n"},
  });
}

// docs/errors.md#power
TEST(ErrorCatalogue, Power) {
  check({
      {"cap below leakage",
       {},
       {"run", "--set", "hardware.power.tdp=1mW"},
       1,
       "tessera: config error: --set: hardware.power.tdp: the cap 1mW is not above the chip's "
       "leakage power 31.264mW: nothing could run\n"},
      {"frequency falls",
       {},
       {"run", "--set",
        "hardware.power.vf_table=[{frequency: 400MHz, voltage: 0.8V}, {frequency: 300MHz, voltage: "
        "0.9V}]"},
       1,
       "tessera: config error: --set: hardware.power.vf_table: not monotonic: point 1 must have a "
       "higher frequency and no lower voltage than point 0\n"},
      {"voltage falls",
       {},
       {"run", "--set",
        "hardware.power.vf_table=[{frequency: 300MHz, voltage: 0.9V}, {frequency: 400MHz, voltage: "
        "0.8V}]"},
       1,
       "tessera: config error: --set: hardware.power.vf_table: not monotonic: point 1 must have a "
       "higher frequency and no lower voltage than point 0\n"},
  });
}

// docs/errors.md#technology
TEST(ErrorCatalogue, Technology) {
  check({
      {"no table for the node",
       {},
       {"run", "--set", "technology=3nm"},
       1,
       "tessera: config error: --set: technology: no technology table for node '3nm' (shipped: "
       "16nm, 45nm, 5nm, 7nm)\n"},
      {"inline table incomplete",
       {{"tiny.yaml", kTiny}},
       {"run", "DIR/tiny.yaml", "--set", "technology={node: 3nm}"},
       1,
       "tessera: config error: --set: technology.mac_energy: missing required key\n"},
  });
}

// docs/errors.md#trace-output
TEST(ErrorCatalogue, TraceAndOutput) {
  check({
      {"unknown trace level",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace", "DIR/t.json", "--trace-level",
        "verbose", "--out", "DIR/out"},
       1,
       "tessera: input error: unknown trace level 'verbose' (expected layer, command or packet)\n"},
      {"window without units",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace", "DIR/t.json", "--trace-window", "5",
        "--out", "DIR/out"},
       1,
       "tessera: input error: --trace-window '5': expected START:END with units, e.g. 0ms:2ms\n"},
      {"window ends before it starts",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace", "DIR/t.json", "--trace-window",
        "2ms:1ms", "--out", "DIR/out"},
       1,
       "tessera: input error: --trace-window '2ms:1ms': expected START:END with units, e.g. "
       "0ms:2ms\n"},
      {"trace options without a trace",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace-level", "packet", "--out", "DIR/out"},
       1,
       "tessera: input error: --trace-level, --trace-window and --trace-max-events need --trace "
       "FILE\n"},
      {"packet trace disk full",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace", "DIR/t.json", "--trace-level", "packet",
        "--out", ""},
       1,
       "tessera: error: cannot write trace DIR/t.json: write failed (disk full?)\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/1024},
      {"trace folder is a file",
       {{"file.txt", "x\n"}},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace", "DIR/file.txt/t.json", "--out",
        "DIR/out"},
       1,
       "tessera: error: cannot write trace DIR/file.txt/t.json: Not a directory\n"},
      {"trace disk full",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--trace", "DIR/t.json", "--out", "DIR/out"},
       1,
       "tessera: error: cannot write trace DIR/t.json: write failed (disk full?)\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/1024},
      {"output folder is a file",
       {{"file.txt", "x\n"}},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--out", "DIR/file.txt/out"},
       1,
       "tessera: error: cannot create output folder DIR/file.txt/out\n"},
      {"output disk full",
       {},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--out", "DIR/out"},
       1,
       "tessera: error: write failed (disk full?): DIR/out/config.yaml: File too large\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/1024},
      {"html folder is a file",
       {{"file.txt", "x\n"}},
       {"run", "--model", "gemm:M=64,N=64,K=64", "--html", "DIR/file.txt/r.html", "--out",
        "DIR/out"},
       1,
       "tessera: error: cannot create output folder DIR/file.txt\n"},
      {"dot folder is a file",
       {{"file.txt", "x\n"}},
       {"graph", "gemm:M=64,N=64,K=64", "--dot", "DIR/file.txt/g.dot"},
       1,
       "tessera: error: cannot write DIR/file.txt/g.dot\n"},
  });
}

// docs/errors.md#trace-check
TEST(ErrorCatalogue, TraceCheck) {
  check(
      {
          {"missing trace",
           {},
           {"trace-check", "DIR/missing.json"},
           1,
           "tessera: input error: cannot read DIR/missing.json\n"},
          {"one problem",
           {{"bad-phase.json",
             "{\"traceEvents\":[{\"ph\":\"Q\",\"pid\":1,\"tid\":1,\"ts\":0}]}\n"}},
           {"trace-check", "DIR/bad-phase.json"},
           1,
           "DIR/bad-phase.json: event 0: unknown phase 'Q'\n"},
          {"two problems",
           {{"two-problems.json",
             "{\"traceEvents\":[{\"ph\":\"Q\"},{\"ph\":\"X\",\"ts\":\"a\"}]}\n"}},
           {"trace-check", "DIR/two-problems.json"},
           1,
           "DIR/two-problems.json: event 0: unknown phase 'Q'\n"
           "DIR/two-problems.json: event 1: pid missing or not an integer\n"},
      },
      0);
}

// docs/errors.md#sweep-file
TEST(ErrorCatalogue, SweepFile) {
  check({
      {"missing sweep file",
       {},
       {"sweep", "DIR/missing.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/missing.yaml: file not found\n"},
      {"no sweep section",
       {{"no-section.yaml", "{}\n"}},
       {"sweep", "DIR/no-section.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/no-section.yaml:1: sweep: missing the sweep: section\n"},
      {"unknown top-level key",
       {{"top.yaml", "axes: []\n"}},
       {"sweep", "DIR/top.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/top.yaml:1: axes: unknown key (expected one of: sweep)\n"},
      {"unknown sweep key",
       {{"axis.yaml", sweep_file("  axis:\n"
                                 "    - grid: {hardware.pe_array.rows: [8]}\n")}},
       {"sweep", "DIR/axis.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/axis.yaml:4: sweep.axis: unknown key (expected one of: axes, "
       "base, constraints, derived, doc, fronts, hw, max_points, name, set, timeout)\n"},
      {"no axes",
       {{"no-axes.yaml", "sweep:\n  name: x\n"}},
       {"sweep", "DIR/no-axes.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/no-axes.yaml:2: sweep.axes: required: at least one axis "
       "block\n"},
      {"empty axes",
       {{"empty-axes.yaml", "sweep:\n  axes: []\n"}},
       {"sweep", "DIR/empty-axes.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/empty-axes.yaml:2: sweep.axes: empty: at least one axis "
       "block\n"},
      {"unknown axis kind",
       {{"kind.yaml", sweep_file("  axes:\n"
                                 "    - mesh: {hardware.pe_array.rows: [8]}\n")}},
       {"sweep", "DIR/kind.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/kind.yaml:4: sweep.axes.0.mesh: unknown key (expected one of: "
       "grid, list, random, zip)\n"},
      {"axis over a key that does not exist",
       {{"no-key.yaml", sweep_file("  axes:\n"
                                   "    - grid: {hardware.pe_array.rowz: [8, 16]}\n")}},
       {"sweep", "DIR/no-key.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/no-key.yaml:4: hardware.pe_array.rowz: not a config key of the "
       "base run (see `tessera describe`)\n"},
      {"empty grid",
       {{"empty-grid.yaml", sweep_file("  axes:\n    - grid: {}\n")}},
       {"sweep", "DIR/empty-grid.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/empty-grid.yaml:4: sweep.axes.0.grid: empty grid: give at least "
       "one key with values\n"},
      {"empty value list",
       {{"empty-list.yaml", sweep_file("  axes:\n"
                                       "    - grid: {hardware.pe_array.rows: []}\n")}},
       {"sweep", "DIR/empty-list.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/empty-list.yaml:4: sweep.axes.0.grid.hardware.pe_array.rows: "
       "empty list: an axis needs at least one value (grid)\n"},
      {"zip lists of unequal length",
       {{"zip.yaml",
         sweep_file(
             "  axes:\n"
             "    - zip: {hardware.pe_array.rows: [8, 16], hardware.pe_array.cols: [8]}\n")}},
       {"sweep", "DIR/zip.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/zip.yaml:4: sweep.axes.0.zip.hardware.pe_array.cols: zip lists "
       "must have equal lengths (1 vs 2)\n"},
      {"key swept twice",
       {{"twice.yaml", sweep_file("  axes:\n"
                                  "    - grid: {hardware.pe_array.rows: [8]}\n"
                                  "    - list: [{hardware.pe_array.rows: 16}]\n")}},
       {"sweep", "DIR/twice.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/twice.yaml:5: hardware.pe_array.rows: swept by two axis "
       "blocks\n"},
      {"random without samples",
       {{"random.yaml",
         sweep_file("  axes:\n"
                    "    - random: {seed: 1, keys: {hardware.pe_array.rows: {int: [8, 64]}}}\n")}},
       {"sweep", "DIR/random.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/random.yaml:4: sweep.axes.0.random.samples: required\n"},
      {"random range reversed",
       {{"reversed.yaml",
         sweep_file(
             "  axes:\n"
             "    - random: {samples: 2, keys: {hardware.pe_array.rows: {int: [64, 8]}}}\n")}},
       {"sweep", "DIR/reversed.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/reversed.yaml:4: "
       "sweep.axes.0.random.keys.hardware.pe_array.rows.int: low must not exceed high\n"},
      {"unknown distribution",
       {{"gauss.yaml",
         sweep_file(
             "  axes:\n"
             "    - random: {samples: 2, keys: {hardware.pe_array.rows: {gauss: [8, 64]}}}\n")}},
       {"sweep", "DIR/gauss.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/gauss.yaml:4: "
       "sweep.axes.0.random.keys.hardware.pe_array.rows.gauss: unknown key (expected one of: "
       "choice, int, log_uniform, pow2, uniform)\n"},
      {"unknown name in a constraint",
       {{"constraint.yaml", sweep_file("  axes:\n"
                                       "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                       "  constraints: [\"speed > 2\"]\n")}},
       {"sweep", "DIR/constraint.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/constraint.yaml:5: sweep.constraints.0: unknown name 'speed' "
       "(not a result metric, derived column or config key)\n"},
      {"constraint syntax",
       {{"syntax.yaml", sweep_file("  axes:\n"
                                   "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                   "  constraints: [\"hardware.pe_array.rows >\"]\n")}},
       {"sweep", "DIR/syntax.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/syntax.yaml:5: sweep.constraints.0: expression "
       "'hardware.pe_array.rows >': unexpected end at column 25\n"},
      {"derived column named like a metric",
       {{"derived.yaml", sweep_file("  axes:\n"
                                    "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                    "  derived: {latency_s: 2 * macs}\n")}},
       {"sweep", "DIR/derived.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/derived.yaml:5: sweep.derived.latency_s: column name already "
       "used\n"},
      {"derived column that is not a plain name",
       {{"derived-name.yaml", sweep_file("  axes:\n"
                                         "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                         "  derived: {\"../x\": 2 * macs}\n")}},
       {"sweep", "DIR/derived-name.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/derived-name.yaml:5: sweep.derived.../x: a column name is "
       "letters, digits and '_' (it names files and chart labels)\n"},
      {"sweep name that is not a plain name",
       {{"sweep-name.yaml",
         "sweep:\n"
         "  name: \"a/../../b\"\n"
         "  set: {workload.model: \"gemm:M=64,N=64,K=64\"}\n"
         "  axes:\n"
         "    - grid: {hardware.pe_array.rows: [8]}\n"}},
       {"sweep", "DIR/sweep-name.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/sweep-name.yaml:2: sweep.name: 'a/../../b' is not a plain name "
       "(letters, digits, '_', '-', '.'; it names the output folder)\n"},
      {"front with one objective",
       {{"front.yaml", sweep_file("  axes:\n"
                                  "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                  "  fronts: [\"latency_s:min\"]\n")}},
       {"sweep", "DIR/front.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/front.yaml:5: sweep.fronts.0: objectives 'latency_s:min': a "
       "front needs at least two objectives\n"},
      {"front over an unknown metric",
       {{"front-metric.yaml", sweep_file("  axes:\n"
                                         "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                         "  fronts: [\"speed:min, energy_j:min\"]\n")}},
       {"sweep", "DIR/front-metric.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/front-metric.yaml:5: sweep.fronts.0: 'speed' is not a numeric "
       "result metric or derived column\n"},
      {"more points than sweep.max_points",
       {{"max-points.yaml",
         sweep_file(
             "  max_points: 2\n"
             "  axes:\n"
             "    - grid: {hardware.pe_array.rows: [8, 16], hardware.pe_array.cols: [8, 16]}\n")}},
       {"sweep", "DIR/max-points.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/max-points.yaml:5: sweep.axes: the axes expand to 4 points, "
       "more than sweep.max_points (2); split the sweep or raise sweep.max_points\n"},
      {"timeout without unit",
       {{"timeout.yaml", sweep_file("  timeout: soon\n"
                                    "  axes:\n"
                                    "    - grid: {hardware.pe_array.rows: [8, 16]}\n")}},
       {"sweep", "DIR/timeout.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/timeout.yaml:3: sweep.timeout: expected a positive time such as "
       "600s (expected a time such as 100ns)\n"},
      {"base run missing",
       {{"base.yaml",
         "sweep:\n"
         "  base: nothere.yaml\n"
         "  axes:\n"
         "    - grid: {hardware.pe_array.rows: [8]}\n"}},
       {"sweep", "DIR/base.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/base.yaml:2: sweep.base: the base run does not load: "
       "DIR/nothere.yaml: file not found\n"},
      {"base run invalid",
       {{"set.yaml",
         "sweep:\n"
         "  set: {hardware.pe_array.rows: 0}\n"
         "  axes:\n"
         "    - grid: {hardware.pe_array.cols: [8]}\n"}},
       {"sweep", "DIR/set.yaml", "--out", "DIR/out"},
       1,
       "tessera: config error: DIR/set.yaml:2: sweep.base: the base run does not load: --set: "
       "hardware.pe_array.rows: value 0 out of range [1, 65536]\n"},
      {"no points left",
       {{"none.yaml", sweep_file("  axes:\n"
                                 "    - grid: {hardware.pe_array.rows: [8, 16]}\n"
                                 "  constraints: [\"hardware.pe_array.rows > 16\"]\n")}},
       {"sweep", "DIR/none.yaml", "--out", "DIR/out"},
       1,
       "tessera: input error: sweep DIR/none.yaml: no points left (2 expanded, all dropped by the "
       "constraints)\n"},
  });
}

// docs/errors.md#sweep-cli
TEST(ErrorCatalogue, SweepCommand) {
  check({
      {"no sweep file",
       {},
       {"sweep"},
       1,
       "tessera: input error: sweep: give a sweep file (or `sweep merge DIR`, `sweep report "
       "DIR`)\n"},
      {"shard out of range",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--shard", "5/4"},
       1,
       "tessera: input error: --shard '5/4': expected I/K with 0 <= I < K\n"},
      {"shard not I/K",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--shard", "two"},
       1,
       "tessera: input error: --shard 'two': expected I/K, e.g. 0/4\n"},
      {"zero jobs",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--jobs", "0"},
       1,
       "tessera: input error: --jobs must be at least 1\n"},
      {"timeout without unit",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--timeout", "soon"},
       1,
       "tessera: input error: --timeout 'soon': expected a time such as 600s\n"},
      {"slurm with a shard",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--shard", "0/2"},
       1,
       "tessera: input error: --slurm makes the shards itself; leave out --shard\n"},
      {"slurm without sbatch",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm"},
       1,
       "tessera: input error: sweep --slurm: sbatch is not installed or not on PATH "
       "(scripts/slurm-local.sh up starts a local Slurm)\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/0,
       /*path=*/"DIR/empty-path"},
      {"slurm time",
       {{"two.yaml", kTwoPoints}, {"bin/sbatch", kRefusingSbatch, true}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--time", "soon"},
       1,
       "tessera: input error: sweep --time 'soon': expected a Slurm time such as 30, 2:00:00 or "
       "1-00:00\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/0,
       /*path=*/"DIR/bin"},
      {"slurm partition",
       {{"two.yaml", kTwoPoints}, {"bin/sbatch", kRefusingSbatch, true}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--partition", "a b"},
       1,
       "tessera: input error: sweep --partition 'a b': not a partition name\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/0,
       /*path=*/"DIR/bin"},
      {"slurm array larger than the sweep",
       {{"two.yaml", kTwoPoints}, {"bin/sbatch", kRefusingSbatch, true}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm", "--array-size", "5"},
       1,
       "tessera: input error: sweep --array-size 5: more tasks than the 2 distinct points\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/0,
       /*path=*/"DIR/bin"},
      {"sbatch refuses",
       {{"two.yaml", kTwoPoints}, {"bin/sbatch", kRefusingSbatch, true}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out", "--slurm"},
       1,
       "tessera: input error: sweep --slurm: sbatch refused the array job (exit 1)\n",
       /*setup=*/{},
       /*later=*/{},
       /*max_file_bytes=*/0,
       /*path=*/"DIR/bin"},
  });
}

// docs/errors.md#sweep-folders
TEST(ErrorCatalogue, SweepFolders) {
  check({
      {"out is another folder",
       {{"two.yaml", kTwoPoints}, {"other/notes.txt", "mine\n"}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/other"},
       1,
       "tessera: input error: sweep: DIR/other exists and is not a sweep folder; choose another "
       "--out\n"},
      {"sweep already run",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "DIR/two.yaml", "--out", "DIR/out"},
       1,
       "tessera: input error: sweep: DIR/out already holds this sweep; pass --resume to continue "
       "it or choose another --out\n",
       /*setup=*/{{"sweep", "DIR/two.yaml", "--out", "DIR/out"}}},
      {"out holds another sweep",
       {{"two.yaml", kTwoPoints},
        {"three.yaml", sweep_file("  axes:\n"
                                  "    - grid: {hardware.pe_array.rows: [8, 32]}\n")}},
       {"sweep", "DIR/three.yaml", "--out", "DIR/out"},
       1,
       "tessera: input error: sweep: DIR/out holds a different sweep (or the sweep file changed); "
       "choose another --out\n",
       /*setup=*/{{"sweep", "DIR/two.yaml", "--out", "DIR/out"}}},
      {"merge a folder that is not a sweep",
       {},
       {"sweep", "merge", "DIR"},
       1,
       "tessera: input error: DIR is not a sweep folder (no plan.json)\n"},
      {"report a folder that is not a sweep",
       {},
       {"sweep", "report", "DIR"},
       1,
       "tessera: input error: DIR is not a sweep folder (no plan.json)\n"},
      {"merge an unreadable plan",
       {{"out/plan.json", "nope\n"}},
       {"sweep", "merge", "DIR/out"},
       1,
       "tessera: input error: DIR/out/plan.json is unreadable\n"},
      {"merge with points missing",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "merge", "DIR/out"},
       1,
       "tessera: input error: sweep merge: 1 of 2 points have no result yet (a shard failed or is "
       "still running); rerun it with --shard I/K or --resume\n",
       /*setup=*/{{"sweep", "DIR/two.yaml", "--out", "DIR/out", "--shard", "0/2"}}},
      {"merge after the sweep file changed",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "merge", "DIR/out"},
       1,
       "tessera: input error: the sweep file DIR/two.yaml changed since DIR/out was planned\n",
       /*setup=*/{{"sweep", "DIR/two.yaml", "--out", "DIR/out"}},
       /*later=*/
       {{"two.yaml", sweep_file("  axes:\n"
                                "    - grid: {hardware.pe_array.rows: [8, 32]}\n")}}},
      {"report without finished points",
       {{"fail.yaml", sweep_file("  axes:\n"
                                 "    - grid: {hardware.buffers.0.size: [64B]}\n")}},
       {"sweep", "report", "DIR/out"},
       1,
       "tessera: input error: sweep report: DIR/out has no finished points yet\n",
       /*setup=*/{{"sweep", "DIR/fail.yaml", "--out", "DIR/out"}}},
      {"report front with one objective",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "report", "DIR/out", "--front", "latency_s:min"},
       1,
       "tessera: input error: --front: objectives 'latency_s:min': a front needs at least two "
       "objectives\n",
       /*setup=*/{{"sweep", "DIR/two.yaml", "--out", "DIR/out"}}},
      {"report front over an unknown metric",
       {{"two.yaml", kTwoPoints}},
       {"sweep", "report", "DIR/out", "--front", "speed:min,energy_j:min"},
       1,
       "tessera: input error: --front 'speed:min,energy_j:min': 'speed' is not a numeric result "
       "metric or derived column\n",
       /*setup=*/{{"sweep", "DIR/two.yaml", "--out", "DIR/out"}}},
  });
}

// docs/errors.md#compare
TEST(ErrorCatalogue, Compare) {
  check({
      {"missing config",
       {},
       {"compare", "SRC/configs/hw/edge-npu.yaml", "DIR/missing.yaml", "--model",
        "gemm:M=64,N=64,K=64"},
       1,
       "tessera: input error: DIR/missing.yaml: config error: DIR/missing.yaml: file not found\n"},
      {"broken config",
       {{"tiny.yaml", kTiny},
        {"wrong-unit.yaml",
         "include: tiny.yaml\n"
         "hardware:\n"
         "  clock: 800MB\n"}},
       {"compare", "SRC/configs/hw/edge-npu.yaml", "DIR/wrong-unit.yaml", "--model",
        "gemm:M=64,N=64,K=64"},
       1,
       "tessera: input error: DIR/wrong-unit.yaml: config error: DIR/wrong-unit.yaml:3: "
       "hardware.clock: bad value '800MB': unknown unit 'MB' for a frequency (e.g. 1.4GHz)\n"},
      {"config that cannot map",
       {},
       {"compare", "SRC/configs/hw/edge-npu.yaml", "SRC/configs/hw/edge-tpu.yaml", "--model",
        "gemm:M=64,N=64,K=64", "--set", "hardware.buffers.0.size=64B"},
       1,
       "tessera: input error: configs/hw/edge-npu.yaml: mapping error: layer 'gemm': no tile fits "
       "the buffers (gbuf 64 B): the smallest double-buffered tiles need 322 B in one buffer\n"},
      {"hardware option",
       {},
       {"compare", "SRC/configs/hw/edge-npu.yaml", "SRC/configs/hw/edge-tpu.yaml", "--hw",
        "SRC/configs/hw/edge-npu.yaml"},
       1,
       "tessera: input error: compare takes the configs as arguments, not --hw\n"},
  });
}

// docs/errors.md#usage
TEST(ErrorCatalogue, Usage) {
  check({
      {"no subcommand",
       {},
       {},
       2,
       "tessera: usage error: A subcommand is required (see tessera --help)\n"},
      {"unknown subcommand",
       {},
       {"frobnicate"},
       2,
       "tessera: usage error: unknown command 'frobnicate' (commands: run, trace-check, graph, "
       "models, describe, compare, validate, sweep)\n"},
      {"unknown option",
       {},
       {"run", "--bogus"},
       2,
       "tessera: usage error: The following argument was not expected: --bogus (see tessera "
       "--help)\n"},
      {"extra argument",
       {},
       {"run", "a.yaml", "b.yaml"},
       2,
       "tessera: usage error: The following argument was not expected: b.yaml (see tessera "
       "--help)\n"},
      {"option without its value",
       {},
       {"run", "--batch"},
       2,
       "tessera: usage error: --batch: 1 required INT missing (see tessera --help)\n"},
      {"non-positive batch",
       {},
       {"run", "--batch", "0"},
       2,
       "tessera: usage error: --batch: expected a whole number >= 1, got '0' (see tessera "
       "--help)\n"},
      {"value not allowed",
       {},
       {"run", "--unsupported", "ignore"},
       2,
       "tessera: usage error: --unsupported: ignore not in {error,skip} (see tessera --help)\n"},
      {"value not a number",
       {},
       {"run", "--trace-max-events", "many"},
       2,
       "tessera: usage error: Could not convert: --trace-max-events = many (see tessera --help)\n"},
      {"required argument missing",
       {},
       {"validate"},
       2,
       "tessera: usage error: file is required (see tessera --help)\n"},
      {"compare needs two configs",
       {},
       {"compare", "SRC/configs/hw/edge-npu.yaml"},
       2,
       "tessera: usage error: configs: At least 2 required but received 1 (see tessera --help)\n"},
      {"empty model",
       {},
       {"run", "--model", ""},
       2,
       "tessera: usage error: --model: expected a model, not an empty string (see tessera "
       "--help)\n"},
  });
}
