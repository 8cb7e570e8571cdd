#include "compiler_frontend/graph/vector_recipes.h"

#include <map>
#include <stdexcept>

namespace tessera {

namespace {

VectorWork ops(std::initializer_list<std::pair<VectorOp, uint32_t>> parts) {
  VectorWork w;
  for (const auto& [op, n] : parts) w.add(op, n);
  return w;
}

const std::map<std::string, VectorWork>& table() {
  using V = VectorOp;
  static const std::map<std::string, VectorWork> t = [] {
    std::map<std::string, VectorWork> m;
    for (const char* op :
         {"Add", "Sub", "Neg", "Abs", "Floor", "Ceil", "Not", "And", "Or", "Where"})
      m[op] = ops({{V::Add, 1}});
    m["Mul"] = ops({{V::Mul, 1}});
    for (const char* op : {"Div", "Reciprocal", "Mod"}) m[op] = ops({{V::Div, 1}});
    m["Sqrt"] = ops({{V::Sqrt, 1}});
    m["Erf"] = ops({{V::Erf, 1}});
    for (const char* op : {"Exp", "Log"}) m[op] = ops({{V::Exp, 1}});
    for (const char* op : {"Relu", "Max", "Min", "Equal", "Less", "Greater"})
      m[op] = ops({{V::Max, 1}});
    m["Clip"] = ops({{V::Max, 2}});  // ReLU6 and any clamp: two comparisons
    m["LeakyRelu"] = ops({{V::Max, 1}, {V::Mul, 1}});
    m["Sigmoid"] = ops({{V::Exp, 1}, {V::Add, 1}, {V::Div, 1}});
    m["HardSigmoid"] = ops({{V::Mul, 1}, {V::Add, 1}, {V::Max, 2}});
    m["HardSwish"] = ops({{V::Mul, 2}, {V::Add, 1}, {V::Max, 2}});
    m["Tanh"] = ops({{V::Tanh, 1}});
    // GELU (erf form): x * 0.5 * (1 + erf(x / sqrt 2)).
    m["Gelu"] = ops({{V::Mul, 3}, {V::Add, 1}, {V::Erf, 1}});
    // Softmax: max-reduce, subtract, exp, sum, divide.
    for (const char* op : {"Softmax", "LogSoftmax"})
      m[op] = ops({{V::Max, 1}, {V::Add, 2}, {V::Exp, 1}, {V::Div, 1}});
    // LayerNorm: mean, subtract, square, sum, scale, gamma, beta (the per-row rsqrt is amortized).
    m["LayerNormalization"] = ops({{V::Add, 4}, {V::Mul, 3}});
    m["BatchNormalization"] = ops({{V::Mul, 1}, {V::Add, 1}});  // inference: scale and shift
    return m;
  }();
  return t;
}

}  // namespace

const VectorWork* vector_recipe(const std::string& type) {
  const auto it = table().find(type);
  return it == table().end() ? nullptr : &it->second;
}

const VectorWork& recipe_of(const std::string& type) {
  const VectorWork* w = vector_recipe(type);
  if (!w) throw std::logic_error("internal: no vector recipe for '" + type + "'");
  return *w;
}

}  // namespace tessera
