// Pruning: marks PE-array layers sparse and, where the hardware can exploit it, stores their
// weights compressed.
//  - unstructured, ratio s: a zero-skipping array executes (1 - s) of the MACs; weights are
//    stored as the non-zero values plus a 1-bit-per-element bitmap.
//  - 2:4 structured: an array with 2:4 support executes half the MACs; weights are stored as the
//    two kept values of every four plus a 2-bit index per kept value (1 bit per element), as in
//    NVIDIA's sparse tensor cores (Mishra et al., arXiv 2104.08378).
#include <cstdio>

#include "compiler_frontend/passes/passes.h"

namespace tessera {

Graph prune(const Graph& in, const PruneOptions& opts, PassRecord* record) {
  Graph g = in;
  int pruned = 0, exploited = 0;
  for (auto& op : g.ops()) {
    if (!op.on_pe_array() || op.kind == OpKind::Attention) continue;
    bool matched = false;
    for (const auto& m : opts.match) matched = matched || glob_match(m, op.name);
    if (!matched || op.inputs.size() < 2) continue;
    Tensor& w = g.tensor(op.inputs[1]);
    if (w.kind != TensorKind::Weight) continue;  // only parameters are pruned
    ++pruned;
    if (opts.two_four) {
      op.sparse_2_4 = true;
      if (opts.hw_structured) {
        w.density = 0.5;
        w.meta_bits = 1;
        ++exploited;
      }
    } else if (opts.sparsity > 0) {
      op.sparsity = opts.sparsity;
      if (opts.hw_zero_skipping) {
        w.density = 1.0 - opts.sparsity;
        w.meta_bits = 1;
        ++exploited;
      }
    }
  }
  if (record) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s on %d layers; the hardware exploits it on %d",
                  opts.two_four ? "2:4 structured sparsity" : "unstructured sparsity", pruned,
                  exploited);
    record->name = "pruning";
    record->summary = opts.two_four || opts.sparsity > 0 ? buf : "off";
  }
  return g;
}

}  // namespace tessera
