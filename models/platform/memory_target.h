// The memory-target interface (plain C++): anything that serves memory traffic (a DRAM model, a
// shared L2, an on-chip network port) takes one burst at a time and answers when it completes.
//
// A DMA transfer is one command; its timing core (models/dma) computes every burst of it in a
// plain loop and hands each one here, so no burst crosses the SystemC kernel. Levels chain: the
// interconnect forwards to the L2, the L2 to the DRAM, each adding its own timing with the same
// per-burst arithmetic a burst-by-burst model would use.
//
// Most targets know a burst's completion when they accept it and return it. A target whose
// timing depends on requests that have not arrived yet (the bank-level DRAM's FR-FCFS
// scheduler) returns kDeferred and reports the completion later through the burst's
// MemoryCallback, from its own SystemC process at that simulated time.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/timing/clock.h"

namespace tessera {

constexpr SimTime kDeferred = std::numeric_limits<SimTime>::max();

struct Burst {
  uint64_t addr = 0;
  uint64_t bytes = 0;
  bool write = false;
  uint16_t source = 0;  // requesting core
  uint32_t layer = 0;   // program layer the traffic is attributed to
  SimTime at = 0;       // arrival at this target
  SimTime now = 0;      // current simulated time: no later booking can start before it
};

class MemoryCallback {
 public:
  virtual ~MemoryCallback() = default;
  // The burst submitted with `tag` completed at `done` (>= `now`, the current simulated time).
  virtual void burst_done(uint64_t tag, SimTime done, SimTime now) = 0;
};

// What a target says about a burst: when it took it (a full queue takes it later than it
// arrived, which holds the requester back) and when it completed.
struct Served {
  SimTime done = 0;      // completion, or kDeferred
  SimTime accepted = 0;  // >= the burst's arrival
};

class MemoryTarget {
 public:
  virtual ~MemoryTarget() = default;
  // Serves `b`: its completion time (a read's data delivered, a write accepted), or kDeferred, in
  // which case `cb->burst_done(tag, t)` follows.
  virtual Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) = 0;
  // Independent ports (L2 slices, DRAM channels) and which one serves an address: where the
  // interconnect in front of this level delivers a request.
  virtual uint32_t ports() const { return 1; }
  virtual uint32_t port_of(uint64_t /*addr*/) const { return 0; }
};

// Bytes each program layer moved, for the per-layer report: DRAM reads and writes as the DRAM
// saw them, and traffic served by an on-chip L2 (the DMA's requests when an L2 exists).
struct LayerTraffic {
  std::vector<uint64_t> dram_read, dram_write, l2;
  void resize(size_t layers) {
    dram_read.assign(layers, 0);
    dram_write.assign(layers, 0);
    l2.assign(layers, 0);
  }
  void dram(uint32_t layer, uint64_t bytes, bool write) {
    if (layer < dram_read.size()) (write ? dram_write : dram_read)[layer] += bytes;
  }
};

}  // namespace tessera
