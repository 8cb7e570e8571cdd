// Determinism: every shipped config, run twice, gives byte-identical report.json, layers.csv and
// trace. (Sweeps across --jobs: Sweep.ResultsDoNotDependOnJobs.) One test per config so CTest
// spreads them over the cores; the GPT-3 run on 1,024 nodes is in the slow tier (test_slow.cpp).
#include <gtest/gtest.h>

#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).parent_path().filename().string() + "_" +
                     fs::path(info.param).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

// The files of one run: outputs and the trace.
std::map<std::string, std::string> run_files(const std::vector<std::string>& args,
                                             const std::string& dir) {
  std::vector<std::string> a = {"run"};
  a.insert(a.end(), args.begin(), args.end());
  fs::create_directories(dir);
  a.insert(a.end(), {"--out", dir, "--trace", dir + "/trace.json"});
  Outcome r = run_tessera(a);
  EXPECT_EQ(r.status, 0) << r.err;
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    files[e.path().filename().string()] = read_file(e.path().string());
  return files;
}

void expect_identical_runs(const std::vector<std::string>& args) {
  const std::string base = temp_dir("det");
  auto a = run_files(args, base + "/a"), b = run_files(args, base + "/b");
  ASSERT_TRUE(a.count("report.json"));
  ASSERT_TRUE(a.count("trace.json"));
  EXPECT_EQ(a.size(), b.size());
  for (const auto& [name, text] : a)
    EXPECT_TRUE(b.count(name) && b[name] == text) << name << " differs between runs";
  fs::remove_all(base);
}

}  // namespace

class DeterministicChip : public ::testing::TestWithParam<std::string> {};
TEST_P(DeterministicChip, RepeatedRunsAreByteIdentical) {
  expect_identical_runs(
      {"--hw", GetParam(), "--model", "resnet18", "--set", "simulation.dram=bank"});
}
INSTANTIATE_TEST_SUITE_P(Shipped, DeterministicChip,
                         ::testing::ValuesIn(shipped_configs("configs/hw")), test_name);

class DeterministicCluster : public ::testing::TestWithParam<std::string> {};
TEST_P(DeterministicCluster, RepeatedRunsAreByteIdentical) {
  expect_identical_runs({"--hw", GetParam(), "--model", "allreduce:bytes=4MiB", "--set",
                         "simulation.network=packet"});
  // A 4-layer GPT keeps this in the default tier; Slow.Gpt2TrainingOnEveryClusterIsDeterministic
  // runs GPT-2.
  expect_identical_runs({"--hw", GetParam(), "--model", "gpt:layers=4,d=256,heads=4", "--batch",
                         "8", "--set", "workload.mode=training", "--set",
                         "cluster.parallelism.pp=2", "--set",
                         "cluster.parallelism.microbatches=2"});
}
INSTANTIATE_TEST_SUITE_P(Shipped, DeterministicCluster,
                         ::testing::ValuesIn(shipped_configs("configs/clusters")), test_name);

TEST(DeterministicRun, DefaultRunFile) {
  expect_identical_runs({source_path("configs/runs/default.yaml")});
}
