// Identical pipeline stages (see passes.h). Two stages are identical when their operators, in
// topological order, match one for one in everything the lowering and the hardware see: kind,
// type, attributes, precision, sparsity, the shapes, element types and kinds of every tensor,
// and where each input comes from (an earlier operator of the same stage, by its distance back,
// or from outside the stage).
#include <sstream>

#include "compiler_frontend/passes/passes.h"

namespace tessera {

namespace {

void tensor_signature(std::ostream& os, const Tensor& t) {
  os << static_cast<int>(t.kind) << ':' << static_cast<int>(t.dtype) << ':'
     << static_cast<int>(t.fixed_bits) << ':' << t.density << ':' << t.meta_bits << '[';
  for (int64_t d : t.shape) os << d << ',';
  os << ']';
}

}  // namespace

std::vector<int32_t> identical_stages(const Graph& g, int64_t stages) {
  std::vector<OpId> order = g.topological_order();
  std::vector<std::ostringstream> sig(static_cast<size_t>(stages));
  std::vector<int64_t> index_in_stage(g.num_ops(), -1), count(static_cast<size_t>(stages), 0);
  for (OpId id : order) {
    const OpNode& op = g.op(id);
    if (op.stage < 0 || op.stage >= stages) continue;
    const size_t s = static_cast<size_t>(op.stage);
    index_in_stage[static_cast<size_t>(id)] = count[s]++;
    std::ostream& os = sig[s];
    const ConvAttrs& c = op.conv;
    const MatMulAttrs& m = op.mm;
    os << static_cast<int>(op.kind) << '|' << op.type << '|' << static_cast<int>(op.precision)
       << '|' << c.n << ',' << c.c << ',' << c.h << ',' << c.w << ',' << c.k << ',' << c.r << ','
       << c.s << ',' << c.stride_h << ',' << c.stride_w << ',' << c.pad_top << ',' << c.pad_left
       << ',' << c.pad_bottom << ',' << c.pad_right << ',' << c.dilation_h << ',' << c.dilation_w
       << ',' << c.groups << '|' << m.batch << ',' << m.m << ',' << m.n << ',' << m.k << ','
       << m.b_is_weight << '|' << op.pool.window << '|';
    for (uint64_t v : op.work.ops_per_element) os << v << ',';
    os << '|' << op.fused.size() << '|' << op.sparsity << '|' << op.sparse_2_4 << '|'
       << op.attention_heads << '|' << op.backward << '|' << op.tp_grad_allreduce << '|'
       << (op.residual != kNone) << "|in:";
    for (TensorId t : op.inputs) {
      const Tensor& ten = g.tensor(t);
      const OpId p = ten.producer;
      if (p != kNone && g.op(p).stage == op.stage) {
        os << 'd'
           << index_in_stage[static_cast<size_t>(id)] - index_in_stage[static_cast<size_t>(p)];
      } else {
        os << 'x';
      }
      tensor_signature(os, ten);
    }
    os << "out:";
    for (TensorId t : op.outputs) tensor_signature(os, g.tensor(t));
    os << '\n';
  }
  std::vector<std::string> text(static_cast<size_t>(stages));
  for (size_t s = 0; s < text.size(); ++s) text[s] = sig[s].str();
  std::vector<int32_t> rep(static_cast<size_t>(stages));
  for (size_t s = 0; s < rep.size(); ++s) {
    rep[s] = static_cast<int32_t>(s);
    for (size_t r = 0; r < s; ++r)
      if (rep[r] == static_cast<int32_t>(r) && text[r] == text[s]) {
        rep[s] = static_cast<int32_t>(r);
        break;
      }
  }
  return rep;
}

Graph keep_representative_stages(const Graph& g, const std::vector<int32_t>& representative) {
  Graph out = g;
  for (OpNode& op : out.ops()) {
    const size_t s = static_cast<size_t>(op.stage);
    op.removed = s < representative.size() && representative[s] != op.stage;
  }
  out.compact();
  // What a dropped stage produced and a kept one reads arrives over the network into memory.
  for (size_t t = 0; t < out.num_tensors(); ++t) {
    Tensor& ten = out.tensor(static_cast<TensorId>(t));
    if (ten.producer == kNone &&
        (ten.kind == TensorKind::Activation || ten.kind == TensorKind::Gradient))
      ten.kind = TensorKind::ModelInput;
  }
  return out;
}

}  // namespace tessera
