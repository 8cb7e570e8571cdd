// Bad input gets one clear line on stderr naming the place, and a non-zero exit: never a crash,
// a hang or a silent default.
#include <gtest/gtest.h>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

void expect_one_line_error(const Outcome& r, const std::vector<std::string>& needles) {
  EXPECT_EQ(r.status, 1) << r.err;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  for (const auto& n : needles)
    EXPECT_NE(r.err.find(n), std::string::npos) << n << " not in: " << r.err;
}

std::string bad_file(const std::string& name, const std::string& text) {
  std::string dir = temp_dir("bad");
  std::string path = dir + "/" + name;
  write_file(path, text);
  return path;
}

std::string edge_include() {
  return "include: " + source_path("configs/hw/edge-npu.yaml") + "\n";
}

}  // namespace

TEST(BadInput, MissingFile) {
  expect_one_line_error(run_tessera({"run", "/no/such/run.yaml"}),
                        {"/no/such/run.yaml", "file not found"});
  expect_one_line_error(run_tessera({"run", "--hw", "/no/such/hw.yaml"}), {"/no/such/hw.yaml"});
}

TEST(BadInput, YamlSyntaxError) {
  std::string f = bad_file("syntax.yaml", "hardware:\n  name: x\n  pe_array: {rows: 3\n");
  expect_one_line_error(run_tessera({"run", f}), {f + ":", "YAML syntax error"});
}

TEST(BadInput, UnknownKey) {
  std::string f =
      bad_file("unknown.yaml", edge_include() + "hardware:\n  dram:\n    bandwith: 1GB/s\n");
  expect_one_line_error(run_tessera({"run", f}),
                        {f + ":4", "hardware.dram.bandwith", "unknown key"});
}

TEST(BadInput, WrongUnit) {
  std::string f = bad_file("unit.yaml", edge_include() + "hardware:\n  clock: 800MB\n");
  expect_one_line_error(run_tessera({"run", f}), {f + ":3", "hardware.clock", "unknown unit 'MB'"});
}

TEST(BadInput, NegativeOrZeroSize) {
  std::string f = bad_file("neg.yaml", edge_include() +
                                           "hardware:\n  buffers:\n    - {name: g, size: -4KiB, "
                                           "holds: [inputs, weights, outputs]}\n");
  expect_one_line_error(run_tessera({"run", f}), {f + ":4", "hardware.buffers.0.size"});
  expect_one_line_error(run_tessera({"run", "--set", "hardware.buffers.0.size=0B"}),
                        {"--set", "hardware.buffers.0.size", "at least"});
  expect_one_line_error(run_tessera({"run", "--set", "hardware.pe_array.rows=0"}),
                        {"hardware.pe_array.rows", "out of range"});
}

TEST(BadInput, NoTileFitsTheBuffers) {
  expect_one_line_error(run_tessera({"run", "--set", "hardware.buffers.0.size=1KiB"}),
                        {"mapping error", "no tile fits the buffers"});
}

TEST(BadInput, UnknownModelAndBadLayerSpec) {
  expect_one_line_error(run_tessera({"run", "--model", "resnet51"}), {"unknown model 'resnet51'"});
  expect_one_line_error(run_tessera({"run", "--model", "gemm:M=4,N=4"}), {"missing K="});
}

TEST(BadInput, UnsupportedPrecision) {
  expect_one_line_error(run_tessera({"run", "--set", "workload.precision=bf16"}),
                        {"precision bf16 is not supported"});
}

TEST(BadInput, BadSetSyntax) {
  expect_one_line_error(run_tessera({"run", "--set", "hardware.pe_array.rows"}),
                        {"expected key.path=value"});
  expect_one_line_error(run_tessera({"run", "--set", "hardware.clock.x=1"}), {"hardware.clock"});
}

TEST(BadInput, UnwritableOutputFolder) {
  expect_one_line_error(
      run_tessera({"run", "--model", "gemm:M=8,N=8,K=8", "--out", "/proc/forbidden"}),
      {"/proc/forbidden"});
}

TEST(BadInput, RandomGarbageFilesNeverCrash) {
  // Truncations of a real config and random bytes: each must be a clean error or a clean run.
  std::string good = read_file(source_path("configs/hw/edge-npu.yaml"));
  for (size_t cut : {good.size() / 7, good.size() / 3, good.size() / 2, good.size() - 40}) {
    std::string f = bad_file("cut.yaml", good.substr(0, cut));
    Outcome r = run_tessera({"validate", f});
    EXPECT_TRUE(r.status == 0 || r.status == 1) << "status " << r.status << ": " << r.err;
  }
  std::string noise;
  for (int i = 0; i < 400; ++i) noise += static_cast<char>((i * 7919) % 251);
  Outcome r = run_tessera({"validate", bad_file("noise.yaml", noise)});
  EXPECT_EQ(r.status, 1) << r.err;
}
