// Memory hierarchy and multi-core chips through the whole tool.
#include <gtest/gtest.h>

#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {
std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
}  // namespace

TEST(MemorySystem, ComputeBoundGemmScalesWithCores) {
  const std::string cfg = source_path("tests/data/multicore-8.yaml");
  auto one = run_json({cfg, "--model", "gemm:M=2048,N=2048,K=1024", "--set", "hardware.cores=1"});
  auto eight = run_json({cfg, "--model", "gemm:M=2048,N=2048,K=1024"});
  ASSERT_TRUE(one.contains("totals") && eight.contains("totals"));
  double t1 = one["totals"]["latency_s"], t8 = eight["totals"]["latency_s"];
  // Expected: 8x, less what the shared memory costs. The DRAM bound here is far below the
  // compute time, so the speedup must be close to 8 (within 10%).
  double dram_bound = eight["totals"]["dram_bytes"].get<double>() /
                      eight["totals"]["dram_peak_bandwidth"].get<double>();
  EXPECT_LT(dram_bound, t8 / 4);
  EXPECT_GT(t1 / t8, 8 * 0.9);
  EXPECT_LE(t1 / t8, 8.0 * 1.01);
  EXPECT_EQ(eight["cores"].size(), 8u);
  for (const auto& c : eight["cores"]) EXPECT_GT(c["busy_cycles"].get<uint64_t>(), 0u);
}

TEST(MemorySystem, MemoryBoundLayerStopsAtTheDramBound) {
  const std::string cfg = source_path("tests/data/multicore-8.yaml");
  // A matrix-vector product: every weight byte is used once.
  for (const char* cores : {"1", "8"}) {
    auto j =
        run_json({cfg, "--model", "gemm:M=1,N=4096,K=8192", "--set",
                  std::string("hardware.cores=") + cores, "--set", "hardware.dram.channels=2"});
    ASSERT_TRUE(j.contains("totals"));
    double bound = 4096.0 * 8192 / j["totals"]["dram_peak_bandwidth"].get<double>();
    EXPECT_GE(j["totals"]["latency_s"].get<double>(), bound) << cores;
  }
}

TEST(MemorySystem, BankLevelDramRunsEveryShippedChip) {
  for (const auto& e : std::filesystem::directory_iterator(source_path("configs/hw"))) {
    if (e.path().extension() != ".yaml") continue;
    auto j = run_json(
        {"--hw", e.path().string(), "--model", "resnet18", "--set", "simulation.dram=bank"});
    ASSERT_TRUE(j.contains("dram")) << e.path();
    EXPECT_EQ(j["run"]["dram_model"], "bank");
    for (const auto& ch : j["dram"]) {
      if (ch["requests"].get<uint64_t>() == 0) continue;
      for (const char* k :
           {"row_hit_rate", "p99_read_latency_s", "refresh_stall_cycles", "achieved_bandwidth"})
        EXPECT_TRUE(ch.contains(k)) << k;
    }
  }
}

TEST(MemorySystem, BankAndSimpleAgreeOnStreamingWork) {
  // The simple model takes its bandwidth and latency from the same preset: a memory-bound layer
  // differs only by what banks, rows and refresh cost (a few percent).
  auto s = run_json({"--model", "gemm:M=64,N=2048,K=2048"});
  auto b = run_json({"--model", "gemm:M=64,N=2048,K=2048", "--set", "simulation.dram=bank"});
  double ratio = b["totals"]["latency_s"].get<double>() / s["totals"]["latency_s"].get<double>();
  EXPECT_GT(ratio, 0.95);
  EXPECT_LT(ratio, 1.25);
}

TEST(MemorySystem, ReportsLinksL2AndCores) {
  auto j = run_json(
      {"--hw", source_path("configs/hw/manycore-npu.yaml"), "--model", "gemm:M=512,N=512,K=512"});
  ASSERT_TRUE(j.contains("links"));
  ASSERT_GT(j["links"].size(), 100u);
  for (const char* k : {"name", "bytes", "utilization", "peak_queue", "stall_cycles"})
    EXPECT_TRUE(j["links"][0].contains(k)) << k;
  EXPECT_TRUE(j.contains("l2"));
  EXPECT_EQ(j["cores"].size(), 64u);
  for (const auto& l : j["layers"]) EXPECT_GT(l["cores_used"].get<uint32_t>(), 1u);
}

TEST(MemorySystem, BadMemoryConfigsAreOneLineErrors) {
  auto check = [](const std::vector<std::string>& args, const std::string& needle) {
    Outcome r = run_tessera(args);
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1);
  };
  check({"run", "--set", "hardware.dram.timing.tRC=10"},
        "hardware.dram.timing.tRC: timing parameters cannot hold together");
  check({"run", "--set", "hardware.dram.mapping=ro-ba-co-bg-ch"},
        "hardware.dram.mapping: field 'ra' is missing");
  check({"run", "--hw", source_path("configs/hw/manycore-npu.yaml"), "--set", "hardware.cores=60"},
        "hardware.interconnect.mesh_cols: a 8 x 8 mesh has 64 routers but hardware.cores is 60");
  check({"run", "--set", "hardware.dram.timing.tREFI=100"}, "tREFI");
}
