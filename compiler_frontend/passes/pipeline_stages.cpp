// Pipeline stages: a linear partition of the operators that have a cost (in topological order)
// into contiguous runs that minimises the largest stage's cost (binary search on the bottleneck
// with a greedy fill, every stage non-empty). Operators without a cost join the stage of the
// operator before them, so stages never decrease along the topological order and every tensor
// flows forward from a stage to the same or a later one.
#include <algorithm>

#include "compiler_frontend/passes/passes.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

// Stage of each item for bottleneck `limit`; empty when it needs more than `stages` stages.
std::vector<int32_t> fill(const std::vector<uint64_t>& cost, uint64_t limit, int64_t stages) {
  std::vector<int32_t> stage(cost.size());
  int64_t s = 0;
  uint64_t load = 0;
  for (size_t i = 0; i < cost.size(); ++i) {
    const int64_t items_left = static_cast<int64_t>(cost.size() - i);
    const bool must_open = items_left <= stages - 1 - s;  // one item for each remaining stage
    if (load > 0 && (load + cost[i] > limit || must_open)) {
      ++s;
      load = 0;
    }
    if (s >= stages) return {};
    load += cost[i];
    if (load > limit) return {};
    stage[i] = static_cast<int32_t>(s);
  }
  return stage;
}

}  // namespace

Graph assign_pipeline_stages(const Graph& g, int64_t stages, PassRecord* record, const std::vector<double>* op_cost) {
  Graph out = g;
  std::vector<OpId> order = g.topological_order();
  // Integer costs: MACs, or picoseconds of the estimate.
  auto cost_of = [&](OpId id) -> uint64_t {
    if (!op_cost) return g.op(id).macs();
    const double c = static_cast<size_t>(id) < op_cost->size() ? (*op_cost)[static_cast<size_t>(id)] : 0;
    return c > 0 ? std::max<uint64_t>(1, static_cast<uint64_t>(c * 1e12)) : 0;
  };
  std::vector<uint64_t> cost;
  for (OpId id : order)
    if (cost_of(id) > 0) cost.push_back(cost_of(id));
  if (stages < 1) throw InputError("pipeline-parallel degree must be at least 1");
  if (static_cast<int64_t>(cost.size()) < stages)
    throw InputError("cannot split " + g.name + " into " + std::to_string(stages) + " pipeline stages: it has " +
                     std::to_string(cost.size()) + " layers that do work");
  uint64_t lo = *std::max_element(cost.begin(), cost.end()), hi = 0;
  for (uint64_t c : cost) hi += c;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (fill(cost, mid, stages).empty()) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  std::vector<int32_t> stage = fill(cost, lo, stages);
  std::vector<uint64_t> load(static_cast<size_t>(stages), 0);
  size_t next = 0;
  int32_t current = 0;
  for (OpId id : order) {
    OpNode& op = out.op(id);
    if (cost_of(id) > 0) {
      current = stage[next++];
      load[static_cast<size_t>(current)] += cost_of(id);
    }
    op.stage = current;
  }
  if (record) {
    uint64_t mx = *std::max_element(load.begin(), load.end()), mn = *std::min_element(load.begin(), load.end());
    record->name = "pipeline_stages";
    const double unit = op_cost ? 1e-12 : 1;  // report seconds of the estimate, or MACs
    record->summary = std::to_string(stages) + " stages balanced by " + (op_cost ? "estimated time" : "MACs") +
                      ", per stage " + std::to_string(static_cast<double>(mn) * unit) + " to " +
                      std::to_string(static_cast<double>(mx) * unit);
  }
  return out;
}

}  // namespace tessera
