// Numeric precisions a tensor or a MAC can use: one table, every property of a precision in its
// row (name, bits, floating point). Arrays indexed by precision are sized kPrecisionCount.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

enum class Precision : uint8_t { FP32, BF16, FP16, FP8, INT8, INT4 };

struct PrecisionInfo {
  Precision precision;
  const char* name;
  int bits;
  bool is_float;
};

inline constexpr std::array<PrecisionInfo, 6> kPrecisions = {{
    {Precision::FP32, "fp32", 32, true},
    {Precision::BF16, "bf16", 16, true},
    {Precision::FP16, "fp16", 16, true},
    {Precision::FP8, "fp8", 8, true},
    {Precision::INT8, "int8", 8, false},
    {Precision::INT4, "int4", 4, false},
}};
inline constexpr size_t kPrecisionCount = kPrecisions.size();

// A value per precision (MACs by precision, energies by precision, ...).
template <class T>
using PerPrecision = std::array<T, kPrecisionCount>;

inline const PrecisionInfo& precision_info(Precision p) {
  return kPrecisions[static_cast<size_t>(p)];
}
inline const char* precision_name(Precision p) {
  return precision_info(p).name;
}
inline int precision_bits(Precision p) {
  return precision_info(p).bits;
}
inline bool is_float(Precision p) {
  return precision_info(p).is_float;
}
inline Precision precision_at(size_t i) {
  return kPrecisions[i].precision;
}

inline const std::vector<std::string>& precision_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& p : kPrecisions) v.push_back(p.name);
    return v;
  }();
  return names;
}
inline std::optional<Precision> precision_from_name(const std::string& s) {
  for (const auto& p : kPrecisions)
    if (s == p.name) return p.precision;
  return std::nullopt;
}

// Bytes of `elements` values packed densely (int4 packs two per byte).
inline uint64_t tensor_bytes(uint64_t elements, Precision p) {
  return (elements * static_cast<uint64_t>(precision_bits(p)) + 7) / 8;
}

// Accumulators are 32-bit for every input precision (int32 for integers, fp32 for floats), as in
// TPU/NVDLA-class arrays; partial sums that spill to the buffer take this many bytes.
inline uint64_t accumulator_bytes(Precision) {
  return 4;
}

}  // namespace tessera
