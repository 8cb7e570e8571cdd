// Numeric precisions a tensor or a MAC can use, and their sizes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

enum class Precision : uint8_t { FP32, BF16, FP16, FP8, INT8, INT4 };

inline const std::vector<std::string>& precision_names() {
  static const std::vector<std::string> names = {"fp32", "bf16", "fp16", "fp8", "int8", "int4"};
  return names;
}
inline const char* precision_name(Precision p) {
  static const char* const names[] = {"fp32", "bf16", "fp16", "fp8", "int8", "int4"};
  return names[static_cast<int>(p)];
}
inline std::optional<Precision> precision_from_name(const std::string& s) {
  const auto& names = precision_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return static_cast<Precision>(i);
  return std::nullopt;
}
inline int precision_bits(Precision p) {
  static const int bits[] = {32, 16, 16, 8, 8, 4};
  return bits[static_cast<int>(p)];
}
inline bool is_float(Precision p) { return p == Precision::FP32 || p == Precision::BF16 || p == Precision::FP16 || p == Precision::FP8; }

// Bytes of `elements` values packed densely (int4 packs two per byte).
inline uint64_t tensor_bytes(uint64_t elements, Precision p) {
  return (elements * static_cast<uint64_t>(precision_bits(p)) + 7) / 8;
}

// Accumulators are 32-bit for every input precision (int32 for integers, fp32 for floats), as in
// TPU/NVDLA-class arrays; partial sums that spill to the buffer take this many bytes.
inline uint64_t accumulator_bytes(Precision) { return 4; }

}  // namespace tessera
