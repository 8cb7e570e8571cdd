// The slow tier (CTest label "slow", minutes per test): skipped unless TESSERA_SLOW_TESTS=1, so
// the default run stays within CI's budget while every feature keeps a fast test there.
//   TESSERA_SLOW_TESTS=1 ctest --test-dir build -L slow
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

bool slow_enabled() { return std::getenv("TESSERA_SLOW_TESTS") != nullptr; }

}  // namespace

// GPT-3 175B training step on 1,024 nodes (about 90 s a run): byte-identical twice.
TEST(Slow, Gpt3On1024NodesIsDeterministic) {
  if (!slow_enabled()) GTEST_SKIP() << "slow tier: TESSERA_SLOW_TESTS=1 ctest -L slow";
  const std::string base = temp_dir("slow-det");
  for (const char* d : {"a", "b"}) {
    Outcome r = run_tessera({"run", source_path("configs/runs/gpt3-1024.yaml"), "--out", base + "/" + d});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  for (const char* f : {"report.json", "layers.csv", "links.csv", "collectives.csv", "config.yaml"})
    EXPECT_EQ(read_file(base + "/a/" + f), read_file(base + "/b/" + f)) << f;
  fs::remove_all(base);
}

// A training step of GPT-2 on 16,384 nodes (tp 8 x pp 4 x dp 512), analytical network.
TEST(Slow, TrainingStepOn16384Nodes) {
  if (!slow_enabled()) GTEST_SKIP() << "slow tier: TESSERA_SLOW_TESTS=1 ctest -L slow";
  auto j = run_json({"--hw", source_path("configs/clusters/torus3d-64.yaml"), "--set", "cluster.nodes=16384", "--set",
                     "cluster.shape=[16,32,32]", "--model", "gpt2_small", "--set", "workload.mode=training", "--batch",
                     "16384", "--set", "cluster.parallelism.tp=8", "--set", "cluster.parallelism.pp=4", "--set",
                     "cluster.parallelism.microbatches=8"});
  EXPECT_EQ(j["cluster"]["nodes"], 16384);
  EXPECT_GT(j["totals"]["step_time_s"].get<double>(), 0);
}
