#include "models/dram_simple/simple_dram_timing.h"

#include <algorithm>
#include <cmath>

namespace tessera {

SimpleDramTiming::SimpleDramTiming(double bytes_per_second, SimTime latency, uint32_t queue_depth,
                                   Clock controller)
    : fs_per_byte_(1e15 / bytes_per_second), latency_(latency), depth_(queue_depth), clock_(controller) {}

uint32_t SimpleDramTiming::occupancy(SimTime t, SimTime* next_done) const {
  *next_done = dones_.first_after(t);
  return static_cast<uint32_t>(accepts_.count_up_to(t) - dones_.count_up_to(t));
}

void SimpleDramTiming::forget_before(SimTime now) {
  // A request done by `now` was also accepted by then: dropping as many of the earliest
  // acceptances as completions keeps every later occupancy the same.
  const size_t gone = dones_.count_up_to(now);
  dones_.drop_front(gone);
  accepts_.drop_front(gone);
}

SimTime SimpleDramTiming::when_all_booked_leave_room(SimTime t) const {
  // After the last acceptance, the queue has room once all but depth-1 requests are done.
  const size_t n = dones_.size();
  return std::max({t, accepts_.last(), dones_.at(n - depth_)});
}

SimTime SimpleDramTiming::accept_time(SimTime t) const {
  if (dones_.size() < depth_) return t;
  // Every request booked so far arrived by t: the queue stays full until the last of them was
  // accepted (each one that waited saw it full until then), so the answer is in closed form.
  if (t >= latest_arrival_) return when_all_booked_leave_room(t);
  // An earlier arrival than some booked ones: step from completion to completion until the queue
  // has room; a backlog longer than kSearch steps takes the closed form (first come, first served).
  SimTime accept = t, next_done = 0;
  for (int n = 0; occupancy(accept, &next_done) >= depth_; ++n) {
    if (n == kSearch) return when_all_booked_leave_room(t);
    accept = next_done;
  }
  return accept;
}

DramIssue SimpleDramTiming::issue(SimTime t, uint64_t bytes, bool write, SimTime now) {
  t = clock_.align_up(t);
  forget_before(now);
  const SimTime accept = accept_time(t);
  queue_wait_ += accept - t;
  const SimTime transfer = static_cast<SimTime>(std::llround(static_cast<double>(bytes) * fs_per_byte_));
  const SimTime start = bus_.reserve(accept, transfer, now);
  const SimTime done = clock_.align_up(start + transfer + latency_);
  accepts_.insert(accept);
  latest_arrival_ = std::max(latest_arrival_, t);
  dones_.insert(done);
  SimTime ignored = 0;
  peak_occupancy_ = std::max(peak_occupancy_, occupancy(accept, &ignored));
  busy_ += transfer;
  total_latency_ += done - t;
  latencies_ps_.add((done - t) / 1000);
  ++requests_;
  (write ? write_bytes_ : read_bytes_) += bytes;
  return {accept, done};
}

}  // namespace tessera
