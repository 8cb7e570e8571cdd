// Attention fusion: QK^T -> [scale] -> [mask] -> softmax -> xV becomes one Attention operator.
// The lowering runs it tile by tile with an online softmax (FlashAttention, Dao et al. 2022),
// so the S x S scores never leave the chip. Applied only when the hardware offers it
// (hardware.fused_attention) and for inference (training keeps the scores for backward).
#include "compiler_frontend/passes/passes.h"

namespace tessera {

namespace {
OpId only_user(const std::vector<std::vector<OpId>>& users, TensorId t) {
  const auto& u = users[static_cast<size_t>(t)];
  return u.size() == 1 ? u[0] : kNone;
}
bool activation_matmul(const Graph& g, const OpNode& op) {
  return op.kind == OpKind::MatMul && !op.mm.b_is_weight && op.inputs.size() == 2 &&
         !is_stored_ahead(g.tensor(op.inputs[1]).kind);
}
VectorWork plus(VectorWork a, const VectorWork& b) {
  return a += b;
}
}  // namespace

Graph fuse_attention(const Graph& in, PassRecord* record) {
  Graph g = in;
  auto users = g.consumers();
  int fused = 0;
  for (size_t i = 0; i < g.num_ops(); ++i) {
    OpNode& qk = g.op(static_cast<OpId>(i));
    if (qk.removed || !activation_matmul(g, qk)) continue;
    std::vector<OpId> chain;
    VectorWork work;
    TensorId mask = kNone;
    TensorId cur = qk.outputs[0];
    OpId softmax = kNone;
    // Element-wise steps up to and including the softmax: scaling, masking, softmax.
    for (int step = 0; step < 4; ++step) {
      OpId u = only_user(users, cur);
      if (u == kNone) break;
      const OpNode& op = g.op(u);
      if (op.kind != OpKind::Elementwise || op.inputs.empty() || op.inputs[0] != cur) break;
      if (op.inputs.size() == 2 && mask == kNone && (op.type == "Add" || op.type == "Where")) {
        mask = op.inputs[1];
      } else if (op.inputs.size() != 1) {
        break;
      }
      chain.push_back(u);
      work = plus(work, op.work);
      cur = op.outputs[0];
      if (op.type == "Softmax") {
        softmax = u;
        break;
      }
    }
    if (softmax == kNone) continue;
    OpId av = only_user(users, cur);
    if (av == kNone) continue;
    const OpNode& pv = g.op(av);
    if (!activation_matmul(g, pv) || pv.inputs[0] != cur || pv.mm.batch != qk.mm.batch ||
        pv.mm.m != qk.mm.m || pv.mm.k != qk.mm.n || pv.mm.n != qk.mm.k)
      continue;
    OpNode att;
    att.name = qk.name + "+attention";
    att.type = "Attention";
    att.kind = OpKind::Attention;
    att.precision = qk.precision;
    att.mm = qk.mm;  // batch x heads, m = queries, n = keys, k = head width
    att.inputs = {qk.inputs[0], qk.inputs[1], pv.inputs[1]};
    if (mask != kNone) att.inputs.push_back(mask);
    att.outputs = pv.outputs;
    att.work = work;
    att.fused = {qk.name};
    for (OpId c : chain) att.fused.push_back(g.op(c).name);
    att.fused.push_back(pv.name);
    for (OpId c : chain) g.op(c).removed = true;
    g.op(av).removed = true;
    qk = att;
    ++fused;
  }
  g.compact();
  if (record) {
    record->name = "attention";
    record->summary = std::to_string(fused) + " attention blocks fused";
  }
  return g;
}

}  // namespace tessera
