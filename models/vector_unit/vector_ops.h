// Elementary operations of the vector unit. Each costs a configured number of cycles per group of
// `lanes` elements; composite layer operations (softmax, layer norm, GELU) are sums of these.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace tessera {

enum class VectorOp : uint8_t { Add, Mul, Max, Exp, Div, Sqrt, Erf, Tanh, Copy, kCount };

inline const char* vector_op_name(VectorOp op) {
  static const char* const names[] = {"add",  "mul", "max",  "exp", "div",
                                      "sqrt", "erf", "tanh", "copy"};
  return names[static_cast<int>(op)];
}

constexpr size_t kVectorOpCount = static_cast<size_t>(VectorOp::kCount);

// How many elementary operations of each kind one output element needs.
struct VectorWork {
  std::array<uint32_t, kVectorOpCount> ops_per_element{};
  VectorWork& add(VectorOp op, uint32_t n = 1) {
    ops_per_element[static_cast<size_t>(op)] += n;
    return *this;
  }
  uint32_t total_ops() const {
    uint32_t t = 0;
    for (uint32_t v : ops_per_element) t += v;
    return t;
  }
};

}  // namespace tessera
