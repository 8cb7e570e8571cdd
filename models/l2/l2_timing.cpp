#include "models/l2/l2_timing.h"

#include <algorithm>
#include <cmath>

namespace tessera {

L2Timing::L2Timing(uint64_t size, uint32_t line, uint32_t ways, uint32_t banks, double bpc, Clock clock,
                 uint64_t interleave)
    : line_(line), sets_(std::max<uint64_t>(1, size / line / ways)), interleave_(interleave ? interleave : line),
      ways_(ways), banks_(banks),
      bytes_per_cycle_(bpc), clock_(clock), tags_(sets_ * ways, 0), stamp_(sets_ * ways, 0),
      dirty_(sets_ * ways, 0), slices_(banks) {}

L2Lookup L2Timing::access(uint64_t addr, bool write) {
  const uint64_t ln = addr / line_;
  const uint64_t set = ln % sets_;
  uint64_t* t = &tags_[set * ways_];
  uint64_t* s = &stamp_[set * ways_];
  uint8_t* d = &dirty_[set * ways_];
  ++tick_;
  L2Lookup r;
  for (uint32_t w = 0; w < ways_; ++w) {
    if (t[w] == ln + 1) {
      s[w] = tick_;
      if (write) d[w] = 1;
      r.hit = true;
      ++hits_;
      return r;
    }
  }
  ++misses_;
  uint32_t victim = 0;
  for (uint32_t w = 1; w < ways_; ++w)
    if (s[w] < s[victim]) victim = w;  // empty ways have stamp 0 and go first
  if (t[victim] != 0 && d[victim]) {
    r.evicted_dirty = true;
    r.victim_addr = (t[victim] - 1) * line_;
    ++writebacks_;
  }
  t[victim] = ln + 1;
  s[victim] = tick_;
  d[victim] = write ? 1 : 0;
  return r;
}

SimTime L2Timing::transfer(uint32_t slice, SimTime t, uint64_t bytes, SimTime horizon) {
  const SimTime dur = clock_.cycles(static_cast<uint64_t>(std::ceil(static_cast<double>(bytes) / bytes_per_cycle_)));
  return slices_[slice].reserve(clock_.align_up(t), dur, horizon) + dur;
}

}  // namespace tessera
