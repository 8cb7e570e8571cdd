#include "models/buffer/buffer_timing.h"

namespace tessera {

BufferTiming::BufferTiming(const BufferSpec& spec, Clock clock)
    : clock_(clock),
      bytes_per_cycle_(static_cast<uint64_t>(spec.banks) * spec.bank_width),
      ports_(static_cast<size_t>(spec.ports), BusyTimeline(clock.period)),
      first_write_port_(spec.ports >= 2 ? static_cast<size_t>(spec.ports / 2) : 0) {}

SimTime BufferTiming::reserve(SimTime t, uint64_t bytes, bool write, SimTime horizon) {
  if (bytes == 0) return t;
  size_t lo = write ? first_write_port_ : 0;
  size_t hi = write || ports_.size() < 2 ? ports_.size() : first_write_port_;
  const SimTime at = clock_.align_up(t);
  const SimTime dur = clock_.cycles((bytes + bytes_per_cycle_ - 1) / bytes_per_cycle_);
  // The port of the class that can start earliest (ports are interchangeable).
  SimTime best_start = 0;
  size_t best = lo;
  for (size_t p = lo; p < hi; ++p) {
    ports_[p].forget_before(horizon);
    SimTime s = ports_[p].earliest(at, dur);
    if (p == lo || s < best_start) best_start = s, best = p;
  }
  SimTime start = ports_[best].reserve(at, dur, horizon);
  wait_ += start - at;
  busy_ += dur;
  (write ? write_bytes_ : read_bytes_) += bytes;
  return start + dur;
}

}  // namespace tessera
