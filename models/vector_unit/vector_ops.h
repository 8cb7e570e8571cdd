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
  // 64 bits: a reduction or a pooling window can fold more than 2^32 elements into one.
  std::array<uint64_t, kVectorOpCount> ops_per_element{};
  VectorWork& add(VectorOp op, uint64_t n = 1) {
    ops_per_element[static_cast<size_t>(op)] += n;
    return *this;
  }
  // Both recipes in one pass (a fused epilogue).
  VectorWork& operator+=(const VectorWork& b) {
    for (size_t i = 0; i < kVectorOpCount; ++i) ops_per_element[i] += b.ops_per_element[i];
    return *this;
  }
  uint64_t total_ops() const {
    uint64_t t = 0;
    for (uint64_t v : ops_per_element) t += v;
    return t;
  }
};

}  // namespace tessera
