// Hardening through the whole tool: the watchdog stops a livelock with an account of what is
// blocked, a wall-clock limit ends a run with a partial report marked incomplete, runs too big
// for their memory limit or DRAM are refused up front, and the largest supported inputs (a
// 100,000-operator graph, a 16,384-node cluster) load and run. Determinism on every shipped
// config is in test_determinism.cpp.
#include <gtest/gtest.h>

#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

size_t lines_of(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

// tRFC one cycle short of tREFI: the DRAM refreshes all the time, events keep coming, no request
// is ever served. Without the watchdog the run never ends.
TEST(Watchdog, DramRefreshLivelockIsStoppedAndExplained) {
  Outcome r = run_tessera({"run", "--model", "resnet18", "--out", "", "--set",
                           "simulation.dram=bank", "--set", "hardware.dram.timing.tREFI=3125",
                           "--set", "hardware.dram.timing.tRFC=3124", "--set",
                           "simulation.watchdog_cycles=20000000"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lines_of(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("tessera: model error: chip"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no progress: no command finished for"), std::string::npos) << r.err;
  // What each blocked block waits for: the DMA on its load, the PE array on that load, and the
  // DRAM's full queue.
  EXPECT_NE(r.err.find("core 0 DMA runs Load #"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("core 0 PE array waits: next is Compute #"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(queue full)"), std::string::npos) << r.err;
}

TEST(Watchdog, OffMeansNoWatchdogAndNormalRunsAreUntouched) {
  auto a = run_json({"--model", "resnet18"});
  auto b = run_json({"--model", "resnet18", "--set", "simulation.watchdog_cycles=0"});
  EXPECT_EQ(a["totals"]["cycles"], b["totals"]["cycles"]);
  EXPECT_EQ(a["totals"]["energy_j"], b["totals"]["energy_j"]);
}

TEST(MaxWall, ChipRunStopsWithAPartialReport) {
  const std::string dir = temp_dir("maxwall");
  Outcome r = run_tessera(
      {"run", "--model", "resnet50", "--batch", "64", "--max-wall", "0.5s", "--out", dir});
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_EQ(lines_of(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("tessera: incomplete: the wall-clock limit of 0.5s stopped the chip"),
            std::string::npos)
      << r.err;
  auto rep = nlohmann::json::parse(read_file(dir + "/report.json"));
  EXPECT_EQ(rep["status"], "incomplete");
  EXPECT_EQ(rep["incomplete"]["reason"], "wall-clock limit");
  EXPECT_GT(rep["incomplete"]["done"].get<uint64_t>(), 0u);
  EXPECT_LT(rep["incomplete"]["done"].get<uint64_t>(), rep["incomplete"]["total"].get<uint64_t>());
  EXPECT_GT(rep["incomplete"]["simulated_s"].get<double>(), 0);
  EXPECT_FALSE(rep.contains("totals")) << "no totals that could be mistaken for a finished run";
  fs::remove_all(dir);
}

TEST(MaxWall, PacketNetworkStopsWithAPartialReport) {
  const std::string dir = temp_dir("maxwall-net");
  Outcome r = run_tessera({"run", "--hw", source_path("configs/clusters/ring-8.yaml"), "--set",
                           "cluster.nodes=1024", "--model", "allreduce:bytes=64MiB", "--set",
                           "simulation.network=packet", "--max-wall", "1s", "--out", dir});
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("stopped the network"), std::string::npos) << r.err;
  auto rep = nlohmann::json::parse(read_file(dir + "/report.json"));
  EXPECT_EQ(rep["incomplete"]["unit"], "messages");
  EXPECT_EQ(rep["run"]["nodes"], 1024);
  fs::remove_all(dir);
}

TEST(Limits, MemoryLimitRefusesUpFrontWithTheEstimate) {
  Outcome r = run_tessera(
      {"run", "--model", "resnet50", "--out", "", "--set", "simulation.memory_limit=8MiB"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(lines_of(r.err), 1u);
  EXPECT_NE(r.err.find("the run needs an estimated"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("more than simulation.memory_limit 8.0 MiB"), std::string::npos) << r.err;
  // The report carries the estimate (deterministic), and it is generous against the measured peak.
  auto j = run_json({"--model", "resnet50"});
  EXPECT_GT(j["resources"]["memory_estimate_bytes"].get<uint64_t>(), 16u << 20);
  EXPECT_EQ(j["resources"]["commands"], j["totals"]["commands"]);
}

TEST(Limits, WorkloadLargerThanTheDramIsRefused) {
  Outcome r = run_tessera({"run", "--model", "resnet18", "--out", "", "--set",
                           "simulation.dram=bank", "--set", "hardware.dram.rows=1"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("of DRAM (weights and activations) but hardware.dram holds 32768 B"),
            std::string::npos)
      << r.err;
}

// 100,505 operators after passes (6,700 GPT blocks of width 64).
TEST(Limits, HundredThousandOperatorGraphRuns) {
  auto j = run_json({"--model", "gpt:layers=6700,d=64,heads=2", "--set", "workload.seq_len=16"});
  ASSERT_TRUE(j.contains("resources"));
  EXPECT_GE(j["resources"]["operators"].get<uint64_t>(), 100000u);
  EXPECT_GT(j["totals"]["latency_s"].get<double>(), 0);
  EXPECT_LT(j["resources"]["memory_estimate_bytes"].get<uint64_t>(), uint64_t(4) << 30);
}

TEST(Limits, SixteenThousandNodeClusterRuns) {
  auto j = run_json({"--hw", source_path("configs/clusters/ring-8.yaml"), "--set",
                     "cluster.nodes=16384", "--model", "allreduce:bytes=64MiB,algorithm=ring"});
  ASSERT_TRUE(j.contains("collectives"));
  EXPECT_EQ(j["cluster"]["nodes"], 16384);
  EXPECT_GT(j["totals"]["latency_s"].get<double>(), 0);
}
