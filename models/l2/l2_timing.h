// Timing core of a shared on-chip L2 / global buffer (no SystemC): set-associative tags with LRU
// replacement, write-back and write-allocate, in `banks` slices interleaved by line, each slice
// with its own port bandwidth. Tensor tiles stream through it in line-sized pieces: outputs a
// layer writes stay resident for the next layer's reads as long as they fit, which is the reuse
// a shared buffer exists for; weights used once are replaced first (least recently used).
#pragma once

#include <cstdint>
#include <vector>

#include "models/timing/busy_timeline.h"
#include "models/timing/clock.h"

namespace tessera {

struct L2Lookup {
  bool hit = false;
  bool evicted_dirty = false;  // the victim line must be written back
  uint64_t victim_addr = 0;
};

class L2Timing {
 public:
  L2Timing(uint64_t size, uint32_t line, uint32_t ways, uint32_t banks, double bytes_per_cycle, Clock clock,
          uint64_t interleave = 0);

  // Looks up the line holding `addr`; on a miss the line is allocated (LRU victim). Writes mark
  // the line dirty.
  L2Lookup access(uint64_t addr, bool write);
  // Reserves the slice's port for `bytes` from `t`; returns when the transfer ends. `horizon`:
  // the current time.
  SimTime transfer(uint32_t slice, SimTime t, uint64_t bytes, SimTime horizon);
  uint32_t slice_of(uint64_t addr) const { return static_cast<uint32_t>((addr / interleave_) % banks_); }
  uint32_t line() const { return line_; }
  uint32_t banks() const { return banks_; }

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  uint64_t writebacks() const { return writebacks_; }

 private:
  uint64_t line_, sets_, interleave_;
  uint32_t ways_, banks_;
  double bytes_per_cycle_;
  Clock clock_;
  std::vector<uint64_t> tags_;   // sets x ways; 0 = empty, else line number + 1
  std::vector<uint64_t> stamp_;  // last use, for LRU
  std::vector<uint8_t> dirty_;
  std::vector<BusyTimeline> slices_;
  uint64_t tick_ = 0, hits_ = 0, misses_ = 0, writebacks_ = 0;
};

}  // namespace tessera
