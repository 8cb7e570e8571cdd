#include "compiler_frontend/passes/passes.h"

namespace tessera {

namespace {
bool is_activation(const OpNode& op) {
  return op.kind == OpKind::Elementwise && op.inputs.size() == 1 &&
         (op.type == "Relu" || op.type == "Clip" || op.type == "Gelu" || op.type == "Sigmoid" || op.type == "Tanh");
}
bool is_batchnorm(const OpNode& op) { return op.kind == OpKind::Elementwise && op.type == "BatchNormalization"; }
bool is_binary_add(const OpNode& op) {
  return op.kind == OpKind::Elementwise && op.type == "Add" && op.inputs.size() == 2;
}

VectorWork plus(VectorWork a, const VectorWork& b) {
  for (size_t i = 0; i < kVectorOpCount; ++i) a.ops_per_element[i] += b.ops_per_element[i];
  return a;
}
}  // namespace

Graph fuse_operators(const Graph& in, PassRecord* record) {
  Graph g = in;
  int bn = 0, act = 0, add = 0;
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
      // A batch norm after a linear layer is an affine map that folds into its weights and bias
      // at compile time: no run-time work; its parameters ride along as extra weights.
      bool fold_bn = on_array && is_batchnorm(next) && next.inputs[0] == out && clean_epilogue;
      // A residual add reads the shortcut tile in the producer's epilogue instead of a round trip
      // of both operands through DRAM.
      bool fold_add = on_array && is_binary_add(next) && clean_epilogue &&
                      g.tensor(next.inputs[0] == out ? next.inputs[1] : next.inputs[0]).shape ==
                          g.tensor(out).shape;
      // Activations run on the producer's output tiles before they are stored.
      bool fold_act = is_activation(next) && next.inputs[0] == out;
      if (!fold_bn && !fold_add && !fold_act) continue;
      if (fold_bn) {
        for (size_t k = 1; k < next.inputs.size(); ++k) producer.inputs.push_back(next.inputs[k]);
        ++bn;
      } else if (fold_add) {
        TensorId other = next.inputs[0] == out ? next.inputs[1] : next.inputs[0];
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
      g.compact();
      break;
    }
  }
  if (record) {
    record->name = "fusion";
    record->summary = std::to_string(bn) + " batch-norms folded, " + std::to_string(add) + " residual adds and " +
                      std::to_string(act) + " activations fused into their producers";
  }
  return g;
}

Graph set_precision(const Graph& in, Precision p, PassRecord* record) {
  Graph g = in;
  for (auto& op : g.ops()) op.precision = p;
  for (size_t t = 0; t < g.num_tensors(); ++t) g.tensor(static_cast<TensorId>(t)).dtype = p;
  if (record) {
    record->name = "precision";
    record->summary = std::string("all tensors and operators ") + precision_name(p);
  }
  return g;
}

}  // namespace tessera
