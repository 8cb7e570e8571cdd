#include <algorithm>

#include "compiler_frontend/passes/passes.h"

namespace tessera {

namespace {

// Unary element-wise work (activations, scaling by a constant): runs on the producer's output
// tiles before they are stored.
bool is_unary_vector_op(const OpNode& op) {
  return op.kind == OpKind::Elementwise && op.inputs.size() == 1;
}
bool is_batchnorm(const OpNode& op) {
  return op.kind == OpKind::Elementwise && op.type == "BatchNormalization";
}

VectorWork plus(VectorWork a, const VectorWork& b) {
  return a += b;
}

bool has_bias(const Graph& g, const OpNode& op) {
  for (size_t i = 2; i < op.inputs.size(); ++i)
    if (g.tensor(op.inputs[i]).kind == TensorKind::Weight) return true;
  return false;
}

// Output channels (convolution) or columns (matrix product) of a PE-array operator.
int64_t output_features(const OpNode& op) {
  return op.kind == OpKind::Conv ? op.conv.k : op.mm.n;
}

}  // namespace

Graph fuse_operators(const Graph& in, PassRecord* record, bool fold_batchnorm) {
  Graph g = in;
  int bn = 0, bias = 0, act = 0, add = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    auto consumers = g.consumers();
    for (size_t i = 0; i < g.num_ops(); ++i) {
      OpNode& producer = g.op(static_cast<OpId>(i));
      bool on_array = producer.on_pe_array();
      bool vector_op = producer.kind == OpKind::Elementwise || producer.kind == OpKind::Pool;
      if (producer.removed || (!on_array && !vector_op) || producer.outputs.size() != 1) continue;
      TensorId out = producer.outputs[0];
      const auto& users = consumers[static_cast<size_t>(out)];
      if (users.size() != 1) continue;
      OpNode& next = g.op(users[0]);
      if (next.removed || next.inputs.empty()) continue;
      const bool clean_epilogue = producer.work.total_ops() == 0 && producer.residual == kNone;
      // The operand of a binary op that is not the producer's output.
      TensorId other = next.inputs.size() == 2
                           ? (next.inputs[0] == out ? next.inputs[1] : next.inputs[0])
                           : kNone;
      // A batch norm after a linear layer is an affine map: the compiler folds it into the
      // weights and bias once (w' = w * scale, b' = (b - mean) * scale + beta), so at run time
      // only a bias of one value per output channel remains.
      bool fold_bn = fold_batchnorm && on_array && is_batchnorm(next) && next.inputs[0] == out &&
                     clean_epilogue;
      // A bias add (a weight vector over the output features) preloads the accumulators.
      bool fold_bias =
          on_array && next.kind == OpKind::Elementwise && next.type == "Add" && other != kNone &&
          g.tensor(other).kind == TensorKind::Weight &&
          static_cast<int64_t>(g.tensor(other).elements()) == output_features(producer) &&
          clean_epilogue && !has_bias(g, producer);
      // A residual add reads the shortcut tile in the producer's epilogue instead of a round
      // trip of both operands through DRAM.
      bool fold_add = on_array && next.kind == OpKind::Elementwise && next.type == "Add" &&
                      other != kNone && !is_stored_ahead(g.tensor(other).kind) && clean_epilogue &&
                      g.tensor(other).shape == g.tensor(out).shape;
      bool fold_unary = is_unary_vector_op(next) && next.inputs[0] == out;
      if (!fold_bn && !fold_bias && !fold_add && !fold_unary) continue;
      if (fold_bn) {
        if (!has_bias(g, producer)) {
          Tensor b = g.tensor(next.inputs.size() > 1 ? next.inputs[1] : out);
          b.name = producer.name + ".folded_bias";
          b.shape = {output_features(producer)};
          b.kind = TensorKind::Weight;
          b.producer = kNone;
          producer.inputs.push_back(g.add_tensor(b));
        }
        ++bn;
      } else if (fold_bias) {
        producer.inputs.push_back(other);
        ++bias;
      } else if (fold_add) {
        producer.residual = other;
        producer.inputs.push_back(other);
        producer.work = plus(producer.work, next.work);
        ++add;
      } else {
        producer.work = plus(producer.work, next.work);
        ++act;
      }
      producer.fused.push_back(next.name);
      producer.outputs[0] = next.outputs[0];
      next.removed = true;
      changed = true;
      // Keep the consumer lists true without rebuilding them (a rebuild and a compaction per
      // fusion made the pass quadratic: minutes on graphs of 100,000 operators): `next` no
      // longer reads anything; the producer now reads what it took over.
      const OpId next_id = users[0];
      consumers.resize(g.num_tensors());
      for (TensorId t : next.inputs) {
        auto& c = consumers[static_cast<size_t>(t)];
        c.erase(std::remove(c.begin(), c.end(), next_id), c.end());
      }
      for (TensorId t : producer.inputs) {
        auto& c = consumers[static_cast<size_t>(t)];
        if (std::find(c.begin(), c.end(), static_cast<OpId>(i)) == c.end())
          c.push_back(static_cast<OpId>(i));
      }
      --i;  // the producer may fuse its new consumer too (conv, batch norm, add, relu)
    }
    if (changed) g.compact();
  }
  if (record) {
    record->name = "fusion";
    record->summary = std::to_string(bn) + " batch-norms folded, " + std::to_string(bias) +
                      " bias adds, " + std::to_string(add) + " residual adds and " +
                      std::to_string(act) + " element-wise operators fused into their producers";
  }
  return g;
}

}  // namespace tessera
