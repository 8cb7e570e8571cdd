#include "models/dram_simple/simple_dram_timing.h"

#include <algorithm>
#include <cmath>

namespace tessera {

SimpleDramTiming::SimpleDramTiming(double bytes_per_second, SimTime latency, uint32_t queue_depth,
                                     Clock controller)
    : fs_per_byte_(1e15 / bytes_per_second), latency_(latency), depth_(queue_depth), clock_(controller) {}

DramIssue SimpleDramTiming::issue(SimTime t, uint64_t bytes, bool write) {
  t = clock_.align_up(t);
  while (!in_flight_.empty() && in_flight_.front() <= t) in_flight_.pop_front();
  SimTime accept = t;
  if (in_flight_.size() >= depth_) {
    accept = in_flight_.front();  // wait for the oldest request to leave the queue
    while (!in_flight_.empty() && in_flight_.front() <= accept) in_flight_.pop_front();
  }
  queue_wait_ += accept - t;
  double start = std::max(static_cast<double>(accept), bus_free_);
  double transfer = static_cast<double>(bytes) * fs_per_byte_;
  bus_free_ = start + transfer;
  SimTime done = clock_.align_up(static_cast<SimTime>(std::ceil(bus_free_)) + latency_);
  // Completion times stay ordered: FIFO service with a constant latency.
  if (!in_flight_.empty() && done < in_flight_.back()) done = in_flight_.back();
  in_flight_.push_back(done);
  peak_occupancy_ = std::max<uint32_t>(peak_occupancy_, static_cast<uint32_t>(in_flight_.size()));
  busy_ += static_cast<SimTime>(std::llround(transfer));
  total_latency_ += done - t;
  latencies_ps_.add((done - t) / 1000);
  ++requests_;
  (write ? write_bytes_ : read_bytes_) += bytes;
  return {accept, done};
}

}  // namespace tessera
