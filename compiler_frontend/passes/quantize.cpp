// Quantization: assigns the precision of weights, activations and MACs per operator.
#include <fnmatch.h>

#include "compiler_frontend/passes/passes.h"

namespace tessera {

bool glob_match(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

namespace {
Precision wider(Precision a, Precision b) {
  if (precision_bits(a) != precision_bits(b)) return precision_bits(a) > precision_bits(b) ? a : b;
  return is_float(a) ? a : b;  // same width: floating point needs the float datapath
}
}  // namespace

Graph quantize(const Graph& in, const QuantOptions& opts, PassRecord* record) {
  Graph g = in;
  int ruled = 0;
  // Activations take the precision of the operator that produces them; model inputs and
  // weights that of the operator that reads them.
  for (auto& op : g.ops()) {
    Precision w = opts.weights, a = opts.activations;
    for (const auto& r : opts.rules) {
      if (!glob_match(r.match, op.name)) continue;
      if (!r.op.empty() && r.op != op_kind_name(op.kind)) continue;
      if (r.weights) w = *r.weights;
      if (r.activations) a = *r.activations;
      ++ruled;
      break;
    }
    op.precision = op.on_pe_array() ? wider(w, a) : a;
    for (TensorId t : op.outputs) g.tensor(t).dtype = a;
    for (TensorId t : op.inputs) {
      Tensor& tensor = g.tensor(t);
      if (tensor.kind == TensorKind::Weight) tensor.dtype = w;
      if (tensor.kind == TensorKind::ModelInput || tensor.kind == TensorKind::Constant)
        tensor.dtype = a;
    }
  }
  if (record) {
    record->name = "quantization";
    record->summary = std::string("weights ") + precision_name(opts.weights) + ", activations " +
                      precision_name(opts.activations) + "; " + std::to_string(ruled) +
                      " operators set by rules";
  }
  return g;
}

Graph set_precision(const Graph& g, Precision p, PassRecord* record) {
  QuantOptions o;
  o.weights = o.activations = p;
  Graph out = quantize(g, o, record);
  if (record) record->summary = std::string("all tensors and operators ") + precision_name(p);
  return out;
}

}  // namespace tessera
