// The slow tier (CTest label "slow", minutes per test): skipped unless TESSERA_SLOW_TESTS=1, so
// the default run stays within CI's budget while every feature keeps a fast test there.
//   TESSERA_SLOW_TESTS=1 ctest --test-dir build -L slow
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "h100_calibration.h"
#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

bool slow_enabled() {
  return std::getenv("TESSERA_SLOW_TESTS") != nullptr;
}

}  // namespace

// GPT-3 175B training step on 1,024 nodes (about 90 s a run): byte-identical twice.
TEST(Slow, Gpt3On1024NodesIsDeterministic) {
  if (!slow_enabled()) GTEST_SKIP() << "slow tier: TESSERA_SLOW_TESTS=1 ctest -L slow";
  const std::string base = temp_dir("slow-det");
  for (const char* d : {"a", "b"}) {
    Outcome r =
        run_tessera({"run", source_path("configs/runs/gpt3-1024.yaml"), "--out", base + "/" + d});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  for (const char* f : {"report.json", "layers.csv", "links.csv", "collectives.csv", "config.yaml"})
    EXPECT_EQ(read_file(base + "/a/" + f), read_file(base + "/b/" + f)) << f;
  fs::remove_all(base);
}

// A training step of GPT-2 on 16,384 nodes (tp 8 x pp 4 x dp 512), analytical network.
TEST(Slow, TrainingStepOn16384Nodes) {
  if (!slow_enabled()) GTEST_SKIP() << "slow tier: TESSERA_SLOW_TESTS=1 ctest -L slow";
  auto j = run_json({"--hw", source_path("configs/clusters/torus3d-64.yaml"), "--set",
                     "cluster.nodes=16384", "--set", "cluster.shape=[16,32,32]", "--model",
                     "gpt2_small", "--set", "workload.mode=training", "--batch", "16384", "--set",
                     "cluster.parallelism.tp=8", "--set", "cluster.parallelism.pp=4", "--set",
                     "cluster.parallelism.microbatches=8"});
  EXPECT_EQ(j["cluster"]["nodes"], 16384);
  EXPECT_GT(j["totals"]["step_time_s"].get<double>(), 0);
}

// Calibration over every public H100 GEMM shape, 8192^3 included (Calibration.H100GemmLatencies
// checks those up to 4096^3 in the default tier).
TEST(Slow, H100GemmLatenciesAllShapes) {
  if (!slow_enabled()) GTEST_SKIP() << "slow tier: TESSERA_SLOW_TESTS=1 ctest -L slow";
  expect_h100_gemm_calibration(1e12);
}

// GPT-2 training with pipeline stages on every shipped cluster, byte-identical twice (the default
// tier's DeterministicCluster uses a 4-layer GPT; h100-node-8 takes about 35 s here).
TEST(Slow, Gpt2TrainingOnEveryClusterIsDeterministic) {
  if (!slow_enabled()) GTEST_SKIP() << "slow tier: TESSERA_SLOW_TESTS=1 ctest -L slow";
  for (const std::string& hw : shipped_configs("configs/clusters")) {
    const std::string base = temp_dir("slow-cluster");
    for (const char* d : {"a", "b"}) {
      Outcome r =
          run_tessera({"run", "--hw", hw, "--model", "gpt2_small", "--batch", "8", "--set",
                       "workload.mode=training", "--set", "cluster.parallelism.pp=2", "--set",
                       "cluster.parallelism.microbatches=2", "--out", base + "/" + d});
      ASSERT_EQ(r.status, 0) << hw << ": " << r.err;
    }
    for (const char* f : {"report.json", "layers.csv", "links.csv", "collectives.csv"})
      EXPECT_EQ(read_file(base + "/a/" + f), read_file(base + "/b/" + f)) << hw << ": " << f;
    fs::remove_all(base);
  }
}
