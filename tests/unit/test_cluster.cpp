// Cluster composition without SystemC: the step schedule (pipeline bubbles, blocking tensor
// parallelism, overlapped data-parallel buckets), the tensor-parallel and pipeline-stage passes,
// and collective workload specs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "compiler_frontend/passes/passes.h"
#include "compiler_frontend/zoo/zoo.h"
#include "models/spec/errors.h"
#include "sim/cluster/collective_workload.h"
#include "sim/cluster/step_schedule.h"

namespace tessera {
namespace {

constexpr double kMs = 1e-3;

StageProfile stage(double fwd, double bwd, double opt = 0) {
  StageProfile s;
  s.forward.push_back(Segment{fwd});
  s.backward.push_back(Segment{bwd});
  s.optimizer_s = opt;
  return s;
}

CommTimer no_network() {
  return [](const CommRequest&) { return 0.0; };
}

TEST(StepSchedule, GPipeBubbleMatchesTheFormula) {
  // p balanced stages, m micro-batches: step = (m + p - 1)(F + B), bubble (p - 1)/(m + p - 1).
  const int p = 4, m = 8;
  std::vector<StageProfile> st(p, stage(1 * kMs, 2 * kMs));
  StepOptions o;
  o.microbatches = m;
  o.schedule = PipelineSchedule::GPipe;
  StepResult r = schedule_step(st, o, no_network());
  EXPECT_NEAR(r.step_s, (m + p - 1) * 3 * kMs, 1e-12);
  EXPECT_NEAR(r.compute_s, m * 3 * kMs, 1e-12);
  EXPECT_NEAR(r.bubble_fraction, double(p - 1) / (m + p - 1), 1e-12);
  EXPECT_DOUBLE_EQ(r.exposed_comm_s, 0);
}

TEST(StepSchedule, OneFOneBHasTheSameBubbleAsGPipe) {
  const int p = 4, m = 8;
  std::vector<StageProfile> st(p, stage(1 * kMs, 2 * kMs));
  StepOptions o;
  o.microbatches = m;
  o.schedule = PipelineSchedule::OneFOneB;
  StepResult r = schedule_step(st, o, no_network());
  EXPECT_NEAR(r.step_s, (m + p - 1) * 3 * kMs, 1e-12);
  EXPECT_NEAR(r.bubble_fraction, double(p - 1) / (m + p - 1), 1e-12);
}

TEST(StepSchedule, InferencePipelineFillsAndDrains) {
  const int p = 3, m = 5;
  std::vector<StageProfile> st(p, stage(2 * kMs, 0));
  StepOptions o;
  o.microbatches = m;
  o.training = false;
  StepResult r = schedule_step(st, o, no_network());
  EXPECT_NEAR(r.step_s, (m + p - 1) * 2 * kMs, 1e-12);
}

TEST(StepSchedule, PipelineSendsAreOnTheCriticalPath) {
  // Two stages, one micro-batch: F0, send, F1, B1, send back, B0.
  std::vector<StageProfile> st(2, stage(1 * kMs, 2 * kMs));
  st[0].send_forward_bytes = 1000;
  st[1].send_backward_bytes = 1000;
  StepOptions o;
  CommTimer t = [](const CommRequest& q) {
    EXPECT_EQ(q.op, CollectiveOp::SendRecv);
    return 0.5 * kMs;
  };
  StepResult r = schedule_step(st, o, t);
  EXPECT_NEAR(r.step_s, (1 + 0.5 + 1 + 2 + 0.5 + 2) * kMs, 1e-12);
  EXPECT_NEAR(r.exposed_comm_s, 1 * kMs, 1e-12);
  EXPECT_EQ(r.comm_events_total, 2u);
}

TEST(StepSchedule, TensorParallelCollectivesBlockTheTask) {
  StageProfile s;
  Segment a{1 * kMs};
  a.has_collective = true;
  a.bytes = 4096;
  s.forward = {a, Segment{1 * kMs}};
  s.backward = {a, Segment{2 * kMs}};
  StepOptions o;
  o.microbatches = 3;
  CommTimer t = [](const CommRequest& q) {
    EXPECT_EQ(q.group, CommGroup::TensorParallel);
    return 0.25 * kMs;
  };
  StepResult r = schedule_step({s}, o, t);
  // Per micro-batch: forward 2 + 0.25, backward 3 + 0.25.
  EXPECT_NEAR(r.step_s, 3 * (5.5 * kMs), 1e-12);
  EXPECT_NEAR(r.exposed_comm_s, 3 * 0.5 * kMs, 1e-12);
  EXPECT_NEAR(r.stages[0].tp_comm_s, 3 * 0.5 * kMs, 1e-12);
}

TEST(StepSchedule, DataParallelBucketsOverlapTheBackward) {
  // Backward: two 1 ms layers, each completing a 10 MB gradient; 10 MB buckets take 0.5 ms each.
  StageProfile s;
  s.forward = {Segment{1 * kMs}};
  Segment g{1 * kMs};
  g.gradient_bytes = 10'000'000;
  s.backward = {g, g};
  s.optimizer_s = 0.2 * kMs;
  StepOptions o;
  o.dp = 8;
  o.bucket_bytes = 10'000'000;
  CommTimer t = [](const CommRequest& q) {
    EXPECT_EQ(q.group, CommGroup::DataParallel);
    return 0.5 * kMs * static_cast<double>(q.bytes) / 1e7;
  };
  StepResult r = schedule_step({s}, o, t);
  // The first bucket hides behind the second layer; the second is exposed.
  EXPECT_NEAR(r.step_s, (1 + 2 + 0.5 + 0.2) * kMs, 1e-12);
  EXPECT_NEAR(r.exposed_comm_s, 0.5 * kMs, 1e-12);
  EXPECT_EQ(r.dp_buckets, 2);
  // One bucket for everything: nothing overlaps, the whole all-reduce is exposed.
  o.bucket_bytes = 1ull << 40;
  r = schedule_step({s}, o, t);
  EXPECT_NEAR(r.exposed_comm_s, 1.0 * kMs, 1e-12);
  EXPECT_EQ(r.dp_buckets, 1);
  EXPECT_EQ(r.comm_counts.size(), 1u);
}

TEST(StepSchedule, GradientsAccumulateOverMicroBatchesBeforeTheAllReduce) {
  StageProfile s;
  s.forward = {Segment{1 * kMs}};
  Segment g{1 * kMs};
  g.gradient_bytes = 1000;
  s.backward = {g};
  StepOptions o;
  o.dp = 2;
  o.microbatches = 4;
  StepResult r = schedule_step({s}, o, [](const CommRequest&) { return 1 * kMs; });
  EXPECT_NEAR(r.step_s, (4 * 2 + 1) * kMs, 1e-12);
  EXPECT_EQ(r.dp_buckets, 1);
}

uint64_t count_type(const Graph& g, const std::string& type) {
  return static_cast<uint64_t>(std::count_if(g.ops().begin(), g.ops().end(), [&](const OpNode& op) {
    return op.kind == OpKind::Collective && op.type == type;
  }));
}

TEST(TensorParallel, MegatronSplitOfGpt2) {
  ZooParams zp;
  Graph g = build_gpt2_small(zp);
  TensorParallelOptions o;
  o.degree = 4;
  PassRecord rec;
  Graph s = shard_tensor_parallel(g, o, &rec);
  // Two all-reduces per layer (attention output, MLP output) plus the vocabulary-parallel
  // embedding; no all-gathers in the Megatron pairing.
  EXPECT_EQ(count_type(s, "AllReduce"), 12u * 2 + 1);
  EXPECT_EQ(count_type(s, "AllGather"), 0u);
  // Every matrix product is split four ways (the vocabulary rounds up: 50257 / 4 -> 12565).
  const double lm_pad = 1.0 * 128 * 768 * (12565 * 4 - 50257);
  EXPECT_NEAR(4.0 * static_cast<double>(s.total_macs()),
              static_cast<double>(g.total_macs()) + lm_pad * 1, 1.0);
  EXPECT_NE(rec.summary.find("25 column-parallel"), std::string::npos) << rec.summary;
  // Parameters per rank: a quarter, except what stays replicated (positions, norms, row biases).
  EXPECT_LT(s.weight_elements(), g.weight_elements() / 4 + 1'000'000);
}

TEST(TensorParallel, SequenceParallelUsesReduceScatterAndAllGather) {
  ZooParams zp;
  Graph g = build_gpt2_small(zp);
  TensorParallelOptions o;
  o.degree = 2;
  o.sequence_parallel = true;
  Graph s = shard_tensor_parallel(g, o, nullptr);
  // Every partial sum (two per layer and the embedding) is reduce-scattered by tokens, and
  // gathered again before every column-parallel layer (qkv and fc1 of each layer, LM head).
  EXPECT_EQ(count_type(s, "ReduceScatter"), 12u * 2 + 1);
  EXPECT_EQ(count_type(s, "AllGather"), 12u * 2 + 1);
  EXPECT_EQ(count_type(s, "AllReduce"), 0u);
}

TEST(TensorParallel, TrainingAddsTheBackwardCollectives) {
  ZooParams zp;
  Graph g = build_gpt2_small(zp);
  TensorParallelOptions o;
  o.degree = 2;
  Graph s = shard_tensor_parallel(g, o, nullptr);
  Graph t = expand_training(s, TrainingOptions{}, nullptr);
  // Forward: 25 all-reduces (g operators; identity backward). Backward: one per column-parallel
  // layer whose input gradient is a partial sum (f operators): qkv and fc1 per layer, LM head.
  EXPECT_EQ(count_type(t, "AllReduce"), 25u + 25u);
}

TEST(TensorParallel, ConvolutionsSplitAndGatherAtResidualJoins) {
  ZooParams zp;
  Graph g = build_resnet(zp, 50);
  TensorParallelOptions o;
  o.degree = 2;
  Graph s = shard_tensor_parallel(g, o, nullptr);
  EXPECT_LT(s.total_macs(), g.total_macs() * 6 / 10);
  EXPECT_GT(count_type(s, "AllReduce"), 0u);
  EXPECT_GT(count_type(s, "AllGather"), 0u);
  EXPECT_NO_THROW(s.topological_order());
}

TEST(PipelineStages, ContiguousBalancedAndComplete) {
  ZooParams zp;
  Graph g = build_resnet(zp, 50);
  PassRecord rec;
  Graph s = assign_pipeline_stages(g, 4, &rec);
  std::vector<uint64_t> macs(4, 0);
  int32_t last = 0;
  for (OpId id : s.topological_order()) {
    const OpNode& op = s.op(id);
    ASSERT_GE(op.stage, last) << op.name;  // never backwards along the topological order
    last = op.stage;
    macs[static_cast<size_t>(op.stage)] += op.macs();
  }
  EXPECT_EQ(last, 3);
  const uint64_t total = g.total_macs();
  for (uint64_t m : macs) {
    EXPECT_GT(m, 0u);
    EXPECT_LT(m, total / 4 * 13 / 10);  // within 30% of an even share (layers are indivisible)
  }
  EXPECT_THROW(assign_pipeline_stages(g, 1000, nullptr), InputError);
}

TEST(PipelineStages, BackwardOperatorsFollowTheirForwardStage) {
  ZooParams zp;
  Graph g = assign_pipeline_stages(build_resnet(zp, 18), 2, nullptr);
  std::map<std::string, int32_t> fwd;
  for (const OpNode& op : g.ops()) fwd[op.name] = op.stage;
  Graph t = expand_training(g, TrainingOptions{}, nullptr);
  int checked = 0;
  for (const OpNode& op : t.ops()) {
    if (!op.backward) continue;
    for (const char* suffix : {".grad_input", ".grad_weight"}) {
      const std::string sfx = suffix;
      if (op.name.size() > sfx.size() &&
          op.name.compare(op.name.size() - sfx.size(), sfx.size(), sfx) == 0) {
        EXPECT_EQ(op.stage, fwd.at(op.name.substr(0, op.name.size() - sfx.size()))) << op.name;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 30);
}

TEST(CollectiveWorkload, ParsesOptionsAndRejectsBadOnes) {
  ClusterSpec c;
  c.nodes = 8;
  c.algorithm = "ring";
  c.chunks = 2;
  EXPECT_TRUE(is_collective_workload("allreduce:bytes=1MiB"));
  EXPECT_TRUE(is_collective_workload("alltoall"));
  EXPECT_FALSE(is_collective_workload("resnet50"));
  CollectiveWorkload w =
      parse_collective_workload("allreduce:bytes=64MiB,algorithm=double_tree,count=2", c);
  EXPECT_EQ(w.op, CollectiveOp::AllReduce);
  EXPECT_EQ(w.bytes, 64ull << 20);
  EXPECT_EQ(w.algorithm, CollectiveAlgorithm::DoubleTree);
  EXPECT_EQ(w.chunks, 2);  // the cluster's default
  EXPECT_EQ(w.count, 2);
  w = parse_collective_workload("reducescatter:bytes=1GB,chunks=8,dtype=bf16", c);
  EXPECT_EQ(w.op, CollectiveOp::ReduceScatter);
  EXPECT_EQ(w.bytes, 1'000'000'000ull);
  EXPECT_EQ(w.chunks, 8);
  EXPECT_EQ(w.dtype, Precision::BF16);
  EXPECT_EQ(parse_collective_workload("alltoall:bytes=1MiB", c).algorithm,
            CollectiveAlgorithm::Direct);
  EXPECT_THROW(parse_collective_workload("allreduce", c), InputError);
  EXPECT_THROW(parse_collective_workload("allreduce:bytes=12", c), InputError);  // no unit
  EXPECT_THROW(parse_collective_workload("allreduce:bytes=1MiB,algorithm=magic", c), InputError);
  EXPECT_THROW(parse_collective_workload("allreduce:bytes=1MiB,chunks=0", c), InputError);
  EXPECT_THROW(parse_collective_workload("allreduce:bytes=1MiB,colour=red", c), InputError);
}

}  // namespace
}  // namespace tessera
