// Timing core of the simple DRAM channel (no SystemC): a data bus of fixed bandwidth behind a
// request queue of fixed depth, plus a fixed unloaded latency. A request takes the bus at the
// earliest time at or after its acceptance that the bus is free for its transfer (arrival order
// decides, whatever order requests are booked in); a full queue delays acceptance until the
// earliest request in it completes (back-pressure). This is the fast fidelity level; the
// bank-level model (tRCD, tRP, row buffers, refresh) is hardware.dram.type: bank.
//
// Requests reach it out of time order when a DMA books a transfer's bursts ahead of the kernel,
// so the queue is an OccupancyWindow (occupancy counted at each request's own time), not a FIFO.
#pragma once

#include <cstdint>
#include <vector>

#include "models/stats/latency_histogram.h"
#include "models/timing/clock.h"
#include "models/timing/interval_timeline.h"
#include "models/timing/occupancy_window.h"

namespace tessera {

struct DramIssue {
  SimTime accept;  // when the request entered the queue
  SimTime done;    // when its data transfer completed
};

class SimpleDramTiming {
 public:
  SimpleDramTiming(double bytes_per_second, SimTime latency, uint32_t queue_depth,
                   Clock controller);
  // A request arriving at `t`; `now`: the current time (requests completed by then are gone).
  DramIssue issue(SimTime t, uint64_t bytes, bool write, SimTime now = 0);

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
  Clock clock_;
  IntervalTimeline bus_;
  OccupancyWindow queue_;
  uint64_t read_bytes_ = 0, write_bytes_ = 0, requests_ = 0;
  SimTime busy_ = 0, queue_wait_ = 0, total_latency_ = 0;
  uint32_t peak_occupancy_ = 0;
  LatencyHistogram latencies_ps_;
};

}  // namespace tessera
