// Lowering: tiles fit the buffers, compute cycles follow the array rule, traffic is at least
// the compulsory bytes, and impossible mappings are clear errors.
#include <gtest/gtest.h>

#include <set>

#include "compiler_frontend/lowering/lowering.h"
#include "compiler_frontend/passes/passes.h"
#include "compiler_frontend/workload.h"
#include "models/pe_array/pe_array_timing.h"
#include "models/spec/errors.h"
#include "sim/config/run_config.h"

using namespace tessera;

namespace {
LoadedRun edge(const std::vector<std::string>& sets = {}) {
  RunInputs in;
  in.sets = sets;
  return load_run(in);
}
Graph graph_of(const std::string& model, Precision p = Precision::INT8) {
  WorkloadRequest r;
  r.model = model;
  r.params.precision = p;
  return fuse_operators(set_precision(load_workload(r), p, nullptr), nullptr);
}
}  // namespace

TEST(Lowering, DagIsConsistent) {
  LoadedRun run = edge();
  OperatorProgram prog = lower_graph(graph_of("resnet18"), run.spec.hardware);
  ASSERT_FALSE(prog.commands.empty());
  std::vector<uint32_t> indeg(prog.commands.size(), 0);
  for (const Command& c : prog.commands)
    for (uint32_t s = c.succ_begin; s < c.succ_begin + c.succ_count; ++s) {
      ASSERT_LT(prog.successors[s], prog.commands.size());
      EXPECT_GT(prog.successors[s], static_cast<uint32_t>(&c - &prog.commands[0]))
          << "edges go forward";
      indeg[prog.successors[s]]++;
    }
  for (size_t i = 0; i < prog.commands.size(); ++i) EXPECT_EQ(indeg[i], prog.commands[i].num_deps);
}

TEST(Lowering, TrafficCoversCompulsoryBytes) {
  LoadedRun run = edge();
  Graph g = graph_of("resnet50");
  OperatorProgram prog = lower_graph(g, run.spec.hardware);
  uint64_t planned = 0, weights = 0;
  for (const auto& l : prog.layers) {
    EXPECT_GE(l.planned_dram_bytes, l.min_dram_bytes) << l.name;
    planned += l.planned_dram_bytes;
    weights += l.weight_bytes;
  }
  EXPECT_GE(planned, g.weight_bytes());
}

TEST(Lowering, ComputeCyclesFollowTheArrayRuleWhenTilesAreWhole) {
  // With buffers large enough for whole operands, one tile covers the GEMM.
  LoadedRun run = edge({"hardware.buffers.0.size=64MiB", "hardware.pe_array.dataflow=os",
                        "hardware.pe_array.weight_preload=serial"});
  OperatorProgram prog = lower_graph(graph_of("gemm:M=300,N=200,K=100"), run.spec.hardware);
  ASSERT_EQ(prog.layers.size(), 1u);
  PeArrayTiming a(32, 32, WeightPreload::Serial);
  EXPECT_EQ(prog.layers[0].compute_cycles,
            a.cycles(GemmTile{300, 200, 100, Dataflow::OS}, 1.0) - 1);
}

TEST(Lowering, NoTileFitsIsAMappingError) {
  LoadedRun run = edge({"hardware.buffers.0.size=2KiB"});
  try {
    lower_graph(graph_of("conv:H=224,W=224,C=3,K=64,R=7,stride=2,pad=3"), run.spec.hardware);
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("no tile fits the buffers"), std::string::npos)
        << e.what();
  }
}

TEST(Lowering, UnsupportedPrecisionIsAMappingError) {
  LoadedRun run = edge();
  EXPECT_THROW(lower_graph(graph_of("gemm:M=64,N=64,K=64", Precision::BF16), run.spec.hardware),
               MappingError);
}

TEST(Lowering, AutoDataflowPicksPerLayer) {
  LoadedRun run = edge({"hardware.pe_array.dataflow=auto"});
  OperatorProgram prog = lower_graph(graph_of("resnet50"), run.spec.hardware);
  std::set<std::string> seen;
  for (const auto& l : prog.layers)
    if (l.macs) seen.insert(l.dataflow);
  EXPECT_GE(seen.size(), 2u);
}

TEST(Fusion, FoldsBatchNormResidualAndActivations) {
  WorkloadRequest r;
  r.model = "resnet50";
  Graph raw = load_workload(r);
  PassRecord rec;
  Graph fused = fuse_operators(raw, &rec);
  EXPECT_LT(fused.num_ops(), raw.num_ops());
  EXPECT_EQ(fused.total_macs(), raw.total_macs());
  // A folded batch norm leaves one bias value per channel instead of its scale and shift.
  uint64_t bn_channels = 0;
  for (const auto& op : raw.ops())
    if (op.type == "BatchNormalization") bn_channels += raw.tensor(op.inputs[1]).elements();
  EXPECT_EQ(fused.weight_elements(), raw.weight_elements() - bn_channels);
  int residual = 0;
  for (const auto& op : fused.ops()) residual += op.residual != kNone;
  EXPECT_EQ(residual, 16);  // one per bottleneck block
  EXPECT_NE(rec.summary.find("53 batch-norms folded"), std::string::npos) << rec.summary;
}
