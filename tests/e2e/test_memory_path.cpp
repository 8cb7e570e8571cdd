// The transfer-level memory path against the per-burst reference, and the DRAM accounting it
// reports: writes reach DRAM, per-layer bytes add up to the totals.
//
// Reference: simulation.dma_quantum=0s makes every DMA book each burst at the kernel time it is
// issued and wait for it, so bursts reach the NoC, L2 and DRAM cores in time order, burst by
// burst (the behaviour of the per-burst TLM path this platform replaced). The default quantum
// books up to 250 ns of a transfer ahead; a channel that books ahead takes precedence over one
// that starts within that window, which moves totals by at most kTolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

constexpr double kTolerance = 0.02;  // documented in the README (memory path)

std::string chip_name(const ::testing::TestParamInfo<std::string>& info) {
  return config_test_name(info.param);
}

class MemoryPath : public ::testing::TestWithParam<std::string> {};

TEST_P(MemoryPath, TransferLevelMatchesPerBurstReference) {
  for (const char* model : {"resnet50", "bert_base", "gpt2_small"}) {
    const auto burst =
        run_json({"--hw", GetParam(), "--model", model, "--set", "simulation.dma_quantum=0s"});
    const auto transfer = run_json({"--hw", GetParam(), "--model", model});
    ASSERT_TRUE(burst.contains("totals") && transfer.contains("totals"));
    const double b = burst["totals"]["cycles"].get<double>(),
                 t = transfer["totals"]["cycles"].get<double>();
    const double error = (t - b) / b;
    std::printf("%-14s %-11s per-burst %12.0f transfer %12.0f error %+.2f %%\n",
                config_test_name(GetParam()).c_str(), model, b, t, 100 * error);
    EXPECT_LE(std::fabs(error), kTolerance) << model;
  }
}

TEST_P(MemoryPath, GemmWritesItsOutputToDram) {
  const auto r = run_json({"--hw", GetParam(), "--model", "gemm:M=512,N=768,K=1024"});
  ASSERT_TRUE(r.contains("layers") && r["layers"].size() == 1);
  const auto& layer = r["layers"][0];
  EXPECT_EQ(r["totals"]["dram_write_bytes"], layer["output_bytes"]);
  EXPECT_EQ(layer["dram_write_bytes"], layer["output_bytes"]);
  EXPECT_EQ(r["totals"]["dram_bytes"].get<uint64_t>(),
            r["totals"]["dram_read_bytes"].get<uint64_t>() +
                r["totals"]["dram_write_bytes"].get<uint64_t>());
}

TEST_P(MemoryPath, LayerDramBytesAddUpToTheTotals) {
  const auto r = run_json({"--hw", GetParam(), "--model", "resnet18"});
  ASSERT_TRUE(r.contains("layers"));
  uint64_t read = 0, write = 0, both = 0;
  for (const auto& layer : r["layers"]) {
    read += layer["dram_read_bytes"].get<uint64_t>();
    write += layer["dram_write_bytes"].get<uint64_t>();
    both += layer["dram_bytes"].get<uint64_t>();
  }
  const auto& t = r["totals"];
  EXPECT_EQ(read, t["dram_read_bytes"].get<uint64_t>());
  EXPECT_EQ(write, t["dram_write_bytes"].get<uint64_t>());
  EXPECT_EQ(both, t["dram_bytes"].get<uint64_t>());
  // Everything that must cross DRAM does, unless the report says outputs stayed on chip.
  if (!t.contains("dram_note")) {
    EXPECT_GE(t["dram_bytes"].get<uint64_t>(), t["min_dram_bytes"].get<uint64_t>());
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, MemoryPath, ::testing::ValuesIn(shipped_configs("configs/hw")),
                         chip_name);

}  // namespace

// An L2 in front of a DRAM described by bandwidth and latency alone (no bank-level preset) used
// to divide by the DRAM's zero burst size while checking the L2 line (SIGFPE).
TEST(MemoryPath, L2InFrontOfASimpleDramWithoutPreset) {
  const std::string dir = temp_dir("l2simple");
  write_file(dir + "/chip.yaml", R"(technology: 45nm
hardware:
  name: tiny
  clock: 1GHz
  pe_array: {rows: 8, cols: 8, macs_per_cycle: {int8: 1}}
  buffers:
    - {name: buf, size: 256KiB, holds: [inputs, weights, outputs]}
  dram: {technology: lpddr4x, bandwidth: 8GB/s, latency: 100ns}
  l2: {size: 64KiB, line: 128B}
)");
  const auto r = run_json({"--hw", dir + "/chip.yaml", "--model", "gemm:M=64,N=64,K=64"});
  ASSERT_TRUE(r.contains("totals"));
  EXPECT_EQ(r["totals"]["dram_write_bytes"], r["layers"][0]["output_bytes"]);
}
