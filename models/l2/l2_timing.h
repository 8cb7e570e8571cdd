// Timing core of a shared on-chip L2 / global buffer (no SystemC): set-associative tags with LRU
// replacement, write-allocate, write-back (or write-through), in `banks` slices interleaved by
// `interleave` bytes, each slice with its own port bandwidth. Tensor tiles stream through it in
// line-sized pieces: outputs a layer writes stay resident for the next layer's reads as long as
// they fit, which is the reuse a shared buffer exists for; weights used once are replaced first.
//
// As a memory target, a burst's lines are looked up after the tag latency; hits (and writes,
// allocated without a fetch) pass through their slice's port; read misses fetch their whole line
// from the next level first; dirty victims are written back to it. Lines still dirty when the run
// ends are written back then (flush()), so every output reaches DRAM in the accounting.
#pragma once

#include <cstdint>
#include <vector>

#include "models/l2/l2_spec.h"
#include "models/platform/memory_target.h"
#include "models/timing/busy_timeline.h"
#include "models/timing/clock.h"

namespace tessera {

struct L2Lookup {
  bool hit = false;
  bool evicted_dirty = false;  // the victim line must be written back
  uint64_t victim_addr = 0;
  uint32_t victim_layer = 0;  // the layer that last wrote the victim
};

class L2Timing : public MemoryTarget, public MemoryCallback {
 public:
  L2Timing(uint64_t size, uint32_t line, uint32_t ways, uint32_t banks, double bytes_per_cycle,
           Clock clock, uint64_t interleave = 0, WritePolicy policy = WritePolicy::Back);

  // Looks up the line holding `addr`; on a miss the line is allocated (LRU victim). Writes mark
  // the line dirty (write-back) and remember which layer wrote it.
  L2Lookup access(uint64_t addr, bool write, uint32_t layer = 0);
  // Reserves the slice's port for `bytes` from `t`; returns when the transfer ends. `horizon`:
  // the current time.
  SimTime transfer(uint32_t slice, SimTime t, uint64_t bytes, SimTime horizon);
  uint32_t slice_of(uint64_t addr) const {
    return static_cast<uint32_t>((addr / interleave_) % banks_);
  }
  uint32_t line() const { return static_cast<uint32_t>(line_); }
  uint32_t banks() const { return banks_; }

  // Memory-target use: the next level, the tag-and-array latency, per-layer traffic counters.
  void connect(MemoryTarget* downstream, uint32_t latency_cycles, LayerTraffic* traffic) {
    downstream_ = downstream;
    latency_ = clock_.cycles(latency_cycles);
    traffic_ = traffic;
  }
  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override;
  void burst_done(uint64_t tag, SimTime done, SimTime now) override;
  // The run ended: every dirty line is written back (counted, not timed: the run is over).
  void flush();

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  uint64_t writebacks() const { return writebacks_; }
  uint64_t dram_read_bytes() const { return dram_read_; }
  uint64_t dram_write_bytes() const { return dram_write_; }
  uint64_t flushed_bytes() const { return flushed_; }
  uint64_t served_bytes() const { return served_; }

 private:
  struct Way {       // tag and LRU stamp side by side: one lookup reads one run of memory
    uint64_t tag;    // 0 = empty, else line number + 1
    uint64_t stamp;  // last use
  };
  struct Request {  // a burst waiting for deferred line fills
    MemoryCallback* cb = nullptr;
    uint64_t tag = 0;
    uint32_t fills = 0;
    SimTime ready = 0;
  };
  struct Fill {
    uint32_t request;
    uint32_t slice;
    uint64_t bytes;
  };
  struct Miss {
    uint64_t addr, bytes;
    uint32_t slice;
  };
  // Sends one line to the next level at `t`; returns its completion (or kDeferred).
  SimTime to_next(uint64_t addr, bool write, uint32_t layer, SimTime t, SimTime now, uint64_t tag);
  static constexpr uint64_t kWriteTag =
      ~uint64_t(0);  // writes to the next level complete on their own

  uint64_t line_, sets_, interleave_;
  uint32_t ways_, banks_;
  double bytes_per_cycle_;
  Clock clock_;
  WritePolicy policy_;
  std::vector<Way> tags_;         // sets x ways
  std::vector<uint8_t> dirty_;    // sets x ways
  std::vector<uint32_t> writer_;  // sets x ways: layer of the last write (per-layer write-back)
  std::vector<BusyTimeline> slices_;
  uint64_t tick_ = 0, hits_ = 0, misses_ = 0, writebacks_ = 0;
  uint64_t dram_read_ = 0, dram_write_ = 0, flushed_ = 0, served_ = 0;

  MemoryTarget* downstream_ = nullptr;
  SimTime latency_ = 0;
  LayerTraffic* traffic_ = nullptr;
  std::vector<Request> requests_;
  std::vector<uint32_t> free_requests_;
  std::vector<Fill> fills_;
  std::vector<uint32_t> free_fills_;
  std::vector<Miss> misses_scratch_;
  std::vector<std::pair<uint64_t, uint32_t>> writebacks_scratch_;  // victim address, its writer
};

}  // namespace tessera
