#include "models/pe_array/pe_array_module.h"

#include <algorithm>
#include <cmath>

#include "models/platform/sim_time.h"

namespace tessera {

PeArrayModule::PeArrayModule(sc_core::sc_module_name name, const PeArraySpec& spec, Clock clock,
                             const OperatorProgram& prog, SequencerModule& seq, ReadyQueue& queue,
                             CoreBuffers& core, StatRegistry& stats, const std::string& p)
    : sc_core::sc_module(name),
      timing_(static_cast<uint64_t>(spec.rows), static_cast<uint64_t>(spec.cols), spec.weight_preload,
              static_cast<uint64_t>(spec.arrays)),
      clock_(clock),
      efficiency_(spec.efficiency),
      prog_(prog),
      seq_(seq),
      queue_(queue),
      core_(core),
      busy_cycles_(stats.counter(p + ".busy_cycles", "cycles", "cycles computing tiles (array clock)")),
      stall_cycles_(stats.counter(p + ".buffer_stall_cycles", "cycles",
                                  "cycles a tile waited beyond its compute time for buffer ports")),
      commands_(stats.counter(p + ".commands", "commands", "Compute commands executed")),
      macs_(stats.counter(p + ".macs", "MACs", "useful multiply-accumulates")) {
  for (size_t i = 0; i < 6; ++i) {
    auto it = spec.macs_per_cycle.find(precision_name(static_cast<Precision>(i)));
    rate_[i] = it == spec.macs_per_cycle.end() ? 0 : it->second;
  }
  SC_THREAD(run);
}

void PeArrayModule::run() {
  while (true) {
    uint32_t id = queue_.take();
    const Command& c = prog_.commands[id];
    SimTime start = clock_.align_up(sc_now_fs());
    seq_.started(id, start);
    uint64_t cycles = timing_.cycles(c.gemm, rate_[static_cast<size_t>(c.precision)], c.reduction_scale);
    if (efficiency_ < 1.0) cycles = static_cast<uint64_t>(std::ceil(static_cast<double>(cycles) / efficiency_));
    SimTime compute_end = start + clock_.cycles(cycles);
    // Operands stream from their buffers and results go back while the array computes; a
    // buffer slower than the array stretches the tile.
    uint64_t a_share = c.read_bytes / 2, b_share = c.read_bytes - a_share;
    SimTime end = compute_end;
    end = std::max(end, core_.buffers[c.read_buffer_a].read(start, a_share, start));
    end = std::max(end, core_.buffers[c.read_buffer_b].read(start, b_share, start));
    end = std::max(end, core_.buffers[c.buffer].write(start, c.write_bytes, start));
    end = clock_.align_up(end);
    busy_cycles_ += cycles;
    seq_.busy_until(id, compute_end);
    stall_cycles_ += (end - compute_end) / clock_.period;
    ++commands_;
    macs_ += c.macs;
    macs_by_precision[static_cast<size_t>(c.precision)] += c.macs;
    wait_until(end);
    seq_.complete(id, end);
  }
}

}  // namespace tessera
