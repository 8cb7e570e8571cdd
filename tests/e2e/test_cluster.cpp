// Clusters through the whole tool: collective microbenchmarks on both network backends, the
// report's congestion fields, data/tensor/pipeline-parallel training steps, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

const std::string kRing8 = "configs/clusters/ring-8.yaml";

nlohmann::json cluster_json(const std::string& cfg, const std::string& model,
                            std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"--hw", source_path(cfg), "--model", model};
  a.insert(a.end(), extra.begin(), extra.end());
  return run_json(a);
}

}  // namespace

// ../shared/refdata/collectives.md worked case: ring all-gather, p = 8, n = 8 MiB, 50 GB/s,
// alpha = 500 ns: 7 x (500 + 1,048,576 / 50) ns = 150,300.6 ns (no reduction in an all-gather).
TEST(ClusterCollectives, WorkedCaseOnBothBackends) {
  const double expected = 7 * (500e-9 + 1048576.0 / 50e9);
  auto a = cluster_json(kRing8, "allgather:bytes=8MiB,algorithm=ring");
  ASSERT_TRUE(a.contains("collectives"));
  const auto& c = a["collectives"][0];
  EXPECT_EQ(c["op"], "allgather");
  EXPECT_EQ(c["algorithm"], "ring");
  EXPECT_EQ(c["bytes"].get<uint64_t>(), 8u << 20);
  double t = c["end_s"].get<double>() - c["start_s"].get<double>();
  EXPECT_NEAR(t, expected, expected * 1e-9);
  // busbw = algbw x (p - 1) / p (nccl-tests).
  EXPECT_NEAR(c["busbw"].get<double>(), (8u << 20) / t * 7 / 8, 1);
  auto p = cluster_json(kRing8, "allgather:bytes=8MiB,algorithm=ring",
                        {"--set", "simulation.network=packet"});
  ASSERT_TRUE(p.contains("collectives"));
  double tp =
      p["collectives"][0]["end_s"].get<double>() - p["collectives"][0]["start_s"].get<double>();
  EXPECT_NEAR(tp, expected, expected * 0.01);
  EXPECT_GT(p["totals"]["network_events"].get<uint64_t>(), 0u);
}

TEST(ClusterCollectives, ReportHasTheStableFields) {
  auto j =
      cluster_json(kRing8, "allreduce:bytes=4MiB,count=2", {"--set", "simulation.network=packet"});
  ASSERT_TRUE(j.contains("collectives") && j.contains("links"));
  ASSERT_EQ(j["collectives"].size(), 2u);
  for (const auto& c : j["collectives"])
    for (const char* k : {"op", "algorithm", "bytes", "start_s", "end_s", "busbw", "algbw"})
      EXPECT_TRUE(c.contains(k)) << k;
  ASSERT_GT(j["links"].size(), 0u);
  uint64_t stalls = 0;
  for (const auto& l : j["links"]) {
    for (const char* k :
         {"name", "bytes", "utilization", "peak_queue", "stall_cycles", "mean_queue"})
      EXPECT_TRUE(l.contains(k)) << k;
    EXPECT_GT(l["utilization"].get<double>(), 0);
    EXPECT_LE(l["utilization"].get<double>(), 1.0 + 1e-9);
    stalls += l["stall_cycles"].get<uint64_t>();
  }
  EXPECT_GT(stalls, 0u);  // two collectives on one ring wait for each other
  for (const char* k : {"time_s", "algbw", "busbw", "latency_s"})
    EXPECT_TRUE(j["totals"].contains(k)) << k;
}

TEST(ClusterCollectives, EveryOperationRunsOnEveryShippedTopology) {
  for (const auto& e : std::filesystem::directory_iterator(source_path("configs/clusters"))) {
    if (e.path().extension() != ".yaml") continue;
    for (const char* op :
         {"allreduce", "reducescatter", "allgather", "alltoall", "broadcast", "sendrecv"}) {
      auto j = run_json({"--hw", e.path().string(), "--model", std::string(op) + ":bytes=1MiB"});
      ASSERT_TRUE(j.contains("collectives")) << e.path() << " " << op;
      EXPECT_GT(j["totals"]["latency_s"].get<double>(), 0) << e.path() << " " << op;
    }
  }
}

// Hierarchical all-reduce on the 4x4x4 torus against a flat ring over the same 64 nodes. With
// equal links the bandwidth terms of the two closed forms are equal (2 (p - 1)/p n beta), so the
// gain is in the latency terms: the flat ring takes 2 x 63 steps, each as slow as its longest
// route (node i to i + 1 in row-major order crosses up to 3 torus hops: 3 us), the hierarchical
// one 2 x 3 steps per dimension of one hop (1 us). For a latency-bound 4 KiB message the
// formulas give (126 x 3) / (18 x 1) = 21.
TEST(ClusterCollectives, HierarchicalBeatsTheFlatRingOnATorus) {
  const std::string cfg = "configs/clusters/torus3d-64.yaml";
  auto h = cluster_json(cfg, "allreduce:bytes=4KiB,algorithm=hierarchical");
  auto r = cluster_json(cfg, "allreduce:bytes=4KiB,algorithm=ring");
  double th = h["totals"]["time_s"], tr = r["totals"]["time_s"];
  EXPECT_NEAR(tr / th, 21.0, 21.0 * 0.05) << th << " vs " << tr;
  // For a large message the bandwidth terms dominate and the two are within 15%.
  auto hb = cluster_json(cfg, "allreduce:bytes=64MiB,algorithm=hierarchical");
  auto rb = cluster_json(cfg, "allreduce:bytes=64MiB,algorithm=ring");
  EXPECT_NEAR(hb["totals"]["time_s"].get<double>() / rb["totals"]["time_s"].get<double>(), 1.0,
              0.15);
}

// Data-parallel training of resnet50 on 8 nodes with one gradient bucket: the all-reduce
// starts when the last weight gradient exists (the end of the backward, input gradients off)
// and nothing overlaps it, so the exposed communication is exactly the ring all-reduce closed
// form: 2(p-1) alpha + 2(p-1)/p n beta + (p-1)/p n gamma, with gamma the node's reduction rate
// (cloud-npu: HBM-bound, 1228.8 GB/s / 3 accesses per element = 409.6 GB/s).
TEST(ClusterTraining, DataParallelExposedCommunicationMatchesTheClosedForm) {
  auto j =
      cluster_json(kRing8, "resnet50",
                   {"--set", "workload.mode=training", "--set", "cluster.parallelism.bucket=1GiB",
                    "--set", "passes.training.input_gradients=false"});
  ASSERT_TRUE(j.contains("totals"));
  const auto& t = j["totals"];
  const double n = t["communication"]["data_parallel"]["bytes"].get<double>();
  EXPECT_EQ(n, 2.0 * 25557032);  // every parameter's bf16 gradient
  const double p = 8, alpha = 500e-9, beta = 1 / 50e9, gamma = 1 / 409.6e9;
  const double closed = 2 * (p - 1) * alpha + 2 * (p - 1) / p * n * beta + (p - 1) / p * n * gamma;
  EXPECT_NEAR(t["exposed_communication_s"].get<double>(), closed, closed * 1e-9);
  EXPECT_NEAR(t["step_time_s"].get<double>(),
              t["compute_time_s"].get<double>() + t["exposed_communication_s"].get<double>(),
              1e-12);
  EXPECT_DOUBLE_EQ(t["bubble_fraction"].get<double>(), 0);
  EXPECT_EQ(t["dp_buckets"], 1);
  EXPECT_EQ(t["global_batch"], 8);
}

TEST(ClusterTraining, SmallBucketsOverlapTheBackward) {
  auto one =
      cluster_json(kRing8, "resnet50",
                   {"--set", "workload.mode=training", "--set", "cluster.parallelism.bucket=1GiB"});
  auto many =
      cluster_json(kRing8, "resnet50",
                   {"--set", "workload.mode=training", "--set", "cluster.parallelism.bucket=4MiB"});
  EXPECT_GT(many["totals"]["dp_buckets"].get<int>(), 5);
  EXPECT_LT(many["totals"]["exposed_communication_s"].get<double>(),
            one["totals"]["exposed_communication_s"].get<double>() * 0.8);
}

TEST(ClusterTraining, PipelineBubblesShrinkWithMicroBatches) {
  auto run = [](const char* m, const char* schedule) {
    return cluster_json(kRing8, "gpt2_small",
                        {"--batch", "8", "--set", "workload.mode=training", "--set",
                         "cluster.parallelism.pp=4", "--set", "cluster.parallelism.dp=2", "--set",
                         std::string("cluster.parallelism.microbatches=") + m, "--set",
                         std::string("cluster.parallelism.schedule=") + schedule});
  };
  auto few = run("2", "gpipe"), lots = run("8", "gpipe"), ofob = run("8", "1f1b");
  ASSERT_TRUE(few.contains("stages") && lots.contains("stages"));
  EXPECT_EQ(few["stages"].size(), 4u);
  const double b2 = few["totals"]["bubble_fraction"], b8 = lots["totals"]["bubble_fraction"];
  EXPECT_GT(b2, b8);
  // GPipe with balanced stages: (p - 1) / (m + p - 1); stages here are balanced to within the
  // granularity of layers and the optimizer runs after the pipeline, so allow a margin.
  EXPECT_NEAR(b8, 3.0 / 11.0, 0.12);
  EXPECT_NEAR(ofob["totals"]["bubble_fraction"].get<double>(), b8, 0.05);
  for (const auto& c : lots["collectives"]) EXPECT_NE(c["group"], "tensor_parallel");
  bool sends = false;
  for (const auto& c : lots["collectives"]) sends = sends || c["group"] == "pipeline_forward";
  EXPECT_TRUE(sends);
}

TEST(ClusterTraining, TensorParallelCollectivesAreExposed) {
  auto j = cluster_json(kRing8, "gpt2_small",
                        {"--set", "workload.mode=training", "--set", "cluster.parallelism.tp=8"});
  ASSERT_TRUE(j.contains("totals"));
  EXPECT_GT(j["totals"]["communication"]["tensor_parallel"]["busy_s"].get<double>(), 0);
  // Blocking: every tensor-parallel collective adds to the step.
  EXPECT_NEAR(j["totals"]["exposed_communication_s"].get<double>(),
              j["totals"]["communication"]["tensor_parallel"]["busy_s"].get<double>(), 1e-9);
  int tp = 0;
  for (const auto& c : j["collectives"]) tp += c["group"] == "tensor_parallel";
  EXPECT_EQ(tp, 50);  // 25 forward all-reduces, 25 backward (see the unit test)
  auto sp = cluster_json(kRing8, "gpt2_small",
                         {"--set", "workload.mode=training", "--set", "cluster.parallelism.tp=8",
                          "--set", "cluster.parallelism.tp_collective=reduce_scatter"});
  bool rs = false, ag = false;
  for (const auto& c : sp["collectives"]) {
    rs = rs || c["op"] == "reducescatter";
    ag = ag || c["op"] == "allgather";
  }
  EXPECT_TRUE(rs && ag);
}

TEST(ClusterTraining, ReportsAreDeterministic) {
  std::vector<std::string> a = {"run",
                                "--hw",
                                source_path(kRing8),
                                "--model",
                                "gpt2_small",
                                "--set",
                                "workload.mode=training",
                                "--set",
                                "cluster.parallelism.pp=2",
                                "--set",
                                "cluster.parallelism.microbatches=2",
                                "--batch",
                                "2",
                                "--json",
                                "--out",
                                ""};
  Outcome x = run_tessera(a), y = run_tessera(a);
  ASSERT_EQ(x.status, 0) << x.err;
  EXPECT_EQ(x.out, y.out);
}

TEST(ClusterBadInput, OneLineErrorsNamingTheKey) {
  const std::string hw = source_path(kRing8);
  struct Case {
    std::vector<std::string> args;
    const char* expect;
  } cases[] = {
      {{"--set", "cluster.topology=torus2d", "--set", "cluster.shape=[3,3]"}, "cluster.nodes"},
      {{"--set", "cluster.parallelism.dp=3"}, "cluster.parallelism.dp"},
      {{"--set", "cluster.parallelism.tp=3"}, "cluster.parallelism.tp"},
      {{"--set", "cluster.link.bandwidth=0GB/s"}, "cluster.link.bandwidth"},
      {{"--set", "cluster.topology=fat_tree", "--set", "cluster.leaves=2"}, "cluster.spines"},
      {{"--set", "cluster.topology=mesh"}, "cluster.topology"},
      {{"--model", "allreduce:bytes=1MiB,algorithm=halving_doubling", "--set", "cluster.nodes=6"},
       "halving_doubling"},
      {{"--model", "allreduce:bytes=lots"}, "bytes"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> a = {"run", "--hw", hw, "--out", ""};
    a.insert(a.end(), c.args.begin(), c.args.end());
    if (std::find(c.args.begin(), c.args.end(), "--model") == c.args.end()) {
      a.push_back("--model");
      a.push_back("allreduce:bytes=1MiB");
    }
    Outcome r = run_tessera(a);
    EXPECT_EQ(r.status, 1) << c.expect;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

// Without the dateline virtual channels, all-to-all on a ring with one-packet buffers closes a
// cycle of full buffers: the packet backend stops with an error naming them. With them (the
// default) the same traffic completes.
TEST(ClusterBadInput, DeadlockIsAnErrorNamingTheBlockedLinks) {
  std::vector<std::string> a = {"run",
                                "--hw",
                                source_path(kRing8),
                                "--model",
                                "alltoall:bytes=6MiB",
                                "--set",
                                "cluster.nodes=6",
                                "--set",
                                "cluster.link.buffer_depth=1",
                                "--set",
                                "simulation.network=packet",
                                "--out",
                                ""};
  Outcome ok = run_tessera(a);
  EXPECT_EQ(ok.status, 0) << ok.err;
  a.push_back("--set");
  a.push_back("cluster.deadlock_avoidance=false");
  Outcome dl = run_tessera(a);
  EXPECT_EQ(dl.status, 1);
  EXPECT_NE(dl.err.find("network deadlock"), std::string::npos) << dl.err;
  EXPECT_NE(dl.err.find("ring.0->1 (buffer full)"), std::string::npos) << dl.err;
  EXPECT_EQ(std::count(dl.err.begin(), dl.err.end(), '\n'), 1) << dl.err;
}
