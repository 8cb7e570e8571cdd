#include "models/dram_simple/simple_dram_timing.h"

#include <algorithm>
#include <cmath>

namespace tessera {

SimpleDramTiming::SimpleDramTiming(double bytes_per_second, SimTime latency, uint32_t queue_depth,
                                   Clock controller)
    : fs_per_byte_(1e15 / bytes_per_second),
      latency_(latency),
      clock_(controller),
      queue_(queue_depth) {}

DramIssue SimpleDramTiming::issue(SimTime t, uint64_t bytes, bool write, SimTime now) {
  t = clock_.align_up(t);
  queue_.forget_before(now);
  const SimTime accept = queue_.admit(t);  // every departure is known: never kNever
  queue_wait_ += accept - t;
  const SimTime transfer =
      static_cast<SimTime>(std::llround(static_cast<double>(bytes) * fs_per_byte_));
  const SimTime start = bus_.reserve(accept, transfer, now);
  const SimTime done = clock_.align_up(start + transfer + latency_);
  queue_.enter(t, accept);
  queue_.leave(done);
  peak_occupancy_ = std::max(peak_occupancy_, static_cast<uint32_t>(queue_.occupancy(accept)));
  busy_ += transfer;
  total_latency_ += done - t;
  latencies_ps_.add((done - t) / 1000);
  ++requests_;
  (write ? write_bytes_ : read_bytes_) += bytes;
  return {accept, done};
}

}  // namespace tessera
