// Timing core of an SRAM buffer (no SystemC): banks x bank_width bytes per cycle per port.
// Accesses reserve the earliest free port of their class; with two or more ports, reads
// (PE array, store DMA) and writes (load DMA, results) use separate halves and never contend,
// with one port they queue behind each other.
#pragma once

#include <cstdint>
#include <vector>

#include "models/spec/chip_spec.h"
#include "models/timing/busy_timeline.h"
#include "models/timing/clock.h"

namespace tessera {

class BufferTiming {
 public:
  BufferTiming(const BufferSpec& spec, Clock clock);
  // Reserve a port for `bytes` from time `t` on; returns when the access ends. `horizon` is the
  // current time: accesses booked for later (a load's data arriving) leave earlier gaps usable.
  SimTime read(SimTime t, uint64_t bytes, SimTime horizon) {
    return reserve(t, bytes, false, horizon);
  }
  SimTime write(SimTime t, uint64_t bytes, SimTime horizon) {
    return reserve(t, bytes, true, horizon);
  }

  uint64_t bytes_per_cycle() const { return bytes_per_cycle_; }
  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  SimTime busy_time() const { return busy_; }
  SimTime wait_time() const { return wait_; }  // time accesses waited for a busy port

 private:
  SimTime reserve(SimTime t, uint64_t bytes, bool write, SimTime horizon);
  Clock clock_;
  uint64_t bytes_per_cycle_;
  std::vector<BusyTimeline> ports_;
  size_t first_write_port_;
  uint64_t read_bytes_ = 0, write_bytes_ = 0;
  SimTime busy_ = 0, wait_ = 0;
};

}  // namespace tessera
