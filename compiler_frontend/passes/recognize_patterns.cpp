// Pattern recognition: rewrites operator chains that exporters spell out element by element
// into the single operators the hardware runs, so fusion can place them in an epilogue.
//  - GELU (erf form, as torch.onnx exports F.gelu):
//      y = Mul(Mul(x, Add(Erf(Div(x, sqrt 2)), 1)), 0.5)   ->   y = Gelu(x)
#include "compiler_frontend/graph/vector_recipes.h"
#include "compiler_frontend/passes/passes.h"

namespace tessera {

namespace {

bool unary(const OpNode& op, const char* type) {
  return op.kind == OpKind::Elementwise && op.type == type && op.inputs.size() == 1;
}

// The single consumer of `t`, or kNone.
OpId only_user(const std::vector<std::vector<OpId>>& users, TensorId t) {
  const auto& u = users[static_cast<size_t>(t)];
  return u.size() == 1 ? u[0] : kNone;
}

}  // namespace

Graph recognize_patterns(const Graph& in, PassRecord* record) {
  Graph g = in;
  int gelu = 0;
  auto users = g.consumers();
  for (size_t i = 0; i < g.num_ops(); ++i) {
    OpNode& div = g.op(static_cast<OpId>(i));
    if (div.removed || !unary(div, "Div")) continue;
    TensorId x = div.inputs[0];
    OpId erf = only_user(users, div.outputs[0]);
    if (erf == kNone || !unary(g.op(erf), "Erf")) continue;
    OpId add = only_user(users, g.op(erf).outputs[0]);
    if (add == kNone || !unary(g.op(add), "Add")) continue;
    OpId mul1 = only_user(users, g.op(add).outputs[0]);
    if (mul1 == kNone) continue;
    const OpNode& m1 = g.op(mul1);
    if (m1.type != "Mul" || m1.inputs.size() != 2 || (m1.inputs[0] != x && m1.inputs[1] != x))
      continue;
    OpId mul2 = only_user(users, m1.outputs[0]);
    if (mul2 == kNone || !unary(g.op(mul2), "Mul")) continue;
    // Replace the chain by one Gelu operator in the Div's place.
    OpNode gel = div;
    gel.type = "Gelu";
    gel.name = g.op(mul2).name;
    gel.work = recipe_of("Gelu");
    gel.outputs = g.op(mul2).outputs;
    for (OpId r : {erf, add, mul1, mul2}) g.op(r).removed = true;
    div = gel;
    ++gelu;
  }
  g.compact();
  if (record) {
    record->name = "patterns";
    record->summary = std::to_string(gelu) + " GELU chains recognised";
  }
  return g;
}

}  // namespace tessera
