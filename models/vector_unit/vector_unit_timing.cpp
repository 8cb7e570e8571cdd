#include "models/vector_unit/vector_unit_timing.h"

#include <cmath>

namespace tessera {

VectorUnitTiming::VectorUnitTiming(const VectorUnitSpec& spec)
    : lanes_(static_cast<uint64_t>(spec.lanes)), latency_(static_cast<uint64_t>(spec.latency)) {
  for (size_t i = 0; i < kVectorOpCount; ++i) {
    auto it = spec.op_cycles.find(vector_op_name(static_cast<VectorOp>(i)));
    op_cycles_[i] = it == spec.op_cycles.end() ? 1.0 : it->second;
  }
}

uint64_t VectorUnitTiming::cycles(uint64_t elements, const VectorWork& work) const {
  if (elements == 0) return 0;
  double per_group = 0;
  for (size_t i = 0; i < kVectorOpCount; ++i) per_group += work.ops_per_element[i] * op_cycles_[i];
  uint64_t groups = (elements + lanes_ - 1) / lanes_;
  return static_cast<uint64_t>(std::ceil(static_cast<double>(groups) * per_group)) + latency_;
}

}  // namespace tessera
