// Timing core of the vector unit (no SystemC): ceil(elements / lanes) lane-groups, each costing
// the sum over elementary ops of (ops per element x cycles per op), plus a pipeline fill latency.
#pragma once

#include <array>
#include <cstdint>

#include "models/spec/chip_spec.h"
#include "models/vector_unit/vector_ops.h"

namespace tessera {

class VectorUnitTiming {
 public:
  explicit VectorUnitTiming(const VectorUnitSpec& spec);
  uint64_t cycles(uint64_t elements, const VectorWork& work) const;
  uint64_t lanes() const { return lanes_; }

 private:
  uint64_t lanes_;
  uint64_t latency_;
  std::array<double, kVectorOpCount> op_cycles_{};
};

}  // namespace tessera
