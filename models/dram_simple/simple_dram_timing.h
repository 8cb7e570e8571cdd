// Timing core of the simple DRAM channel (no SystemC): a data bus of fixed bandwidth behind a
// request queue of fixed depth, plus a fixed unloaded latency. Requests are served in arrival
// order; a full queue delays acceptance until the oldest request completes (back-pressure).
// This is the fast fidelity level; the bank-level model (tRCD, tRP, row buffers, refresh) is
// selected with simulation.dram: bank.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "models/stats/latency_histogram.h"
#include "models/timing/clock.h"

namespace tessera {

struct DramIssue {
  SimTime accept;  // when the request entered the queue
  SimTime done;    // when its data transfer completed
};

class SimpleDramTiming {
 public:
  SimpleDramTiming(double bytes_per_second, SimTime latency, uint32_t queue_depth, Clock controller);
  DramIssue issue(SimTime t, uint64_t bytes, bool write);

  uint64_t read_bytes() const { return read_bytes_; }
  uint64_t write_bytes() const { return write_bytes_; }
  uint64_t requests() const { return requests_; }
  SimTime busy_time() const { return busy_; }
  SimTime queue_wait() const { return queue_wait_; }  // total time requests waited for a queue slot
  SimTime total_latency() const { return total_latency_; }
  uint32_t peak_occupancy() const { return peak_occupancy_; }
  // Latencies (issue to completion) in picoseconds, for percentiles.
  const LatencyHistogram& latencies_ps() const { return latencies_ps_; }

 private:
  double fs_per_byte_;
  SimTime latency_;
  uint32_t depth_;
  Clock clock_;
  double bus_free_ = 0;  // fractional femtoseconds: the bus is a fluid resource
  std::deque<SimTime> in_flight_;  // completion times, oldest first
  uint64_t read_bytes_ = 0, write_bytes_ = 0, requests_ = 0;
  SimTime busy_ = 0, queue_wait_ = 0, total_latency_ = 0;
  uint32_t peak_occupancy_ = 0;
  LatencyHistogram latencies_ps_;
};

}  // namespace tessera
