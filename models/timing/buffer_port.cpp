#include "models/timing/buffer_port.h"

namespace tessera {

BufferTiming::BufferTiming(const BufferSpec& spec, Clock clock)
    : clock_(clock),
      bytes_per_cycle_(static_cast<uint64_t>(spec.banks) * spec.bank_width),
      port_free_(static_cast<size_t>(spec.ports), 0),
      first_write_port_(spec.ports >= 2 ? static_cast<size_t>(spec.ports / 2) : 0) {}

SimTime BufferTiming::reserve(SimTime t, uint64_t bytes, bool write) {
  if (bytes == 0) return t;
  size_t lo = write ? first_write_port_ : 0;
  size_t hi = write || port_free_.size() < 2 ? port_free_.size() : first_write_port_;
  size_t best = lo;
  for (size_t p = lo + 1; p < hi; ++p)
    if (port_free_[p] < port_free_[best]) best = p;
  SimTime start = clock_.align_up(t > port_free_[best] ? t : port_free_[best]);
  SimTime dur = clock_.cycles((bytes + bytes_per_cycle_ - 1) / bytes_per_cycle_);
  wait_ += start - clock_.align_up(t);
  port_free_[best] = start + dur;
  busy_ += dur;
  (write ? write_bytes_ : read_bytes_) += bytes;
  return start + dur;
}

}  // namespace tessera
