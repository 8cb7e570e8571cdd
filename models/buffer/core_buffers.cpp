#include "models/buffer/core_buffers.h"

namespace tessera {

BufferBank::BufferBank(const ChipSpec& chip)
    : chip_(chip), cores_(static_cast<size_t>(chip.cores)) {
  for (const auto& b : chip.buffers) clocks_.push_back(Clock::from_hz(chip.buffer_clock_hz(b)));
  for (auto& c : cores_)
    for (size_t b = 0; b < chip.buffers.size(); ++b)
      c.buffers.emplace_back(chip.buffers[b], clocks_[b]);
}

void BufferBank::register_stats(StatRegistry& stats) {
  for (size_t b = 0; b < chip_.buffers.size(); ++b) {
    StatGroup& g = stats.group("blocks", "chip.buffer." + chip_.buffers[b].name);
    g.text("kind", "buffer");
    g.real("clock_hz", "Hz", "clock of the buffer") = clocks_[b].hz();
    busy_cycles_.push_back(
        &g.count("busy_cycles", "cycles", "port-cycles busy, summed over cores"));
    g.fraction("utilization", "busy_cycles", 1.0 / clocks_[b].hz(),
               "busy cycles per cycle of the run");
  }
}

std::vector<CoreBuffers*> BufferBank::cores() {
  std::vector<CoreBuffers*> out;
  for (auto& c : cores_) out.push_back(&c);
  return out;
}

void BufferBank::finish(SimTime) {
  for (size_t b = 0; b < busy_cycles_.size(); ++b) {
    uint64_t busy = 0;
    for (const auto& c : cores_) busy += c.buffers[b].busy_time() / clocks_[b].period;
    *busy_cycles_[b] = busy;
  }
}

void BufferBank::add_energy(EnergyEvents& ev) const {
  ev.buffer_read_bytes.assign(busy_cycles_.size(), 0);
  ev.buffer_write_bytes.assign(busy_cycles_.size(), 0);
  for (const auto& c : cores_)
    for (size_t b = 0; b < c.buffers.size(); ++b) {
      ev.buffer_read_bytes[b] += c.buffers[b].read_bytes();
      ev.buffer_write_bytes[b] += c.buffers[b].write_bytes();
    }
}

}  // namespace tessera
