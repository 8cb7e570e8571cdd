// Pipeline stages: a linear partition of the topological order into contiguous runs that
// minimises the largest stage's cost (binary search on the bottleneck with a greedy fill, every
// stage non-empty). Stages end at cut points (a single activation crosses) when there are
// enough of them, so repeated blocks land whole in stages and the send is one tensor.
// Operators without a cost join the run that follows them. Stages never decrease along the
// topological order, so every tensor flows forward from a stage to the same or a later one.
#include <algorithm>
#include <tuple>

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

Graph assign_pipeline_stages(const Graph& g, int64_t stages, PassRecord* record,
                             const std::vector<double>* op_cost) {
  Graph out = g;
  std::vector<OpId> order = g.topological_order();
  // Integer costs: MACs, or picoseconds of the estimate.
  auto cost_of = [&](OpId id) -> uint64_t {
    if (!op_cost) return g.op(id).macs();
    const double c =
        static_cast<size_t>(id) < op_cost->size() ? (*op_cost)[static_cast<size_t>(id)] : 0;
    return c > 0 ? std::max<uint64_t>(1, static_cast<uint64_t>(c * 1e12)) : 0;
  };
  if (stages < 1) throw InputError("pipeline-parallel degree must be at least 1");
  // Items to partition: the runs of operators between cut points (positions after which a
  // single activation is live, e.g. between transformer layers or residual blocks), so stages
  // end where one tensor crosses; if there are too few of those, single operators.
  const size_t n = order.size();
  std::vector<size_t> pos(g.num_ops());
  for (size_t i = 0; i < n; ++i) pos[static_cast<size_t>(order[i])] = i;
  std::vector<int64_t> diff(n + 1, 0);
  auto users = g.consumers();
  for (size_t t = 0; t < g.num_tensors(); ++t) {
    const Tensor& ten = g.tensor(static_cast<TensorId>(t));
    if (ten.producer == kNone || is_stored_ahead(ten.kind) || users[t].empty()) continue;
    size_t p = pos[static_cast<size_t>(ten.producer)], q = p;
    for (OpId u : users[t]) q = std::max(q, pos[static_cast<size_t>(u)]);
    diff[p] += 1;
    diff[q] -= 1;
  }
  auto items_from = [&](bool at_cuts) {
    std::vector<int32_t> item_of(n, 0);
    std::vector<uint64_t> cost;
    uint64_t pending = 0;  // cost of the run not yet closed
    int64_t live = 0;
    bool open = false;
    for (size_t i = 0; i < n; ++i) {
      live += diff[i];
      pending += cost_of(order[i]);
      open = open || cost_of(order[i]) > 0;
      item_of[i] = static_cast<int32_t>(cost.size());
      const bool cut = at_cuts ? live <= 1 : cost_of(order[i]) > 0;
      if (cut && open) {
        cost.push_back(pending);
        pending = 0;
        open = false;
      }
    }
    if (open) {
      cost.push_back(pending);
    } else if (!cost.empty()) {
      for (size_t i = 0; i < n; ++i)
        item_of[i] = std::min<int32_t>(item_of[i], static_cast<int32_t>(cost.size() - 1));
      cost.back() += pending;
    }
    return std::make_pair(item_of, cost);
  };
  auto [item_of, cost] = items_from(true);
  if (static_cast<int64_t>(cost.size()) < stages) std::tie(item_of, cost) = items_from(false);
  if (static_cast<int64_t>(cost.size()) < stages)
    throw InputError("cannot split " + g.name + " into " + std::to_string(stages) +
                     " pipeline stages: it has " + std::to_string(cost.size()) +
                     " layers that do work");
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
  for (size_t i = 0; i < n; ++i) {
    OpNode& op = out.op(order[i]);
    op.stage = stage[static_cast<size_t>(item_of[i])];
    load[static_cast<size_t>(op.stage)] += cost_of(order[i]);
  }
  if (record) {
    uint64_t mx = *std::max_element(load.begin(), load.end()),
             mn = *std::min_element(load.begin(), load.end());
    record->name = "pipeline_stages";
    const double unit = op_cost ? 1e-12 : 1;  // report seconds of the estimate, or MACs
    record->summary = std::to_string(stages) + " stages balanced by " +
                      (op_cost ? "estimated time" : "MACs") + ", per stage " +
                      std::to_string(static_cast<double>(mn) * unit) + " to " +
                      std::to_string(static_cast<double>(mx) * unit);
  }
  return out;
}

}  // namespace tessera
