#include "models/pe_array/pe_array_module.h"

#include <algorithm>
#include <cmath>

#include "models/platform/block_registry.h"
#include "models/platform/sim_time.h"
#include "models/sequencer/sequencer_module.h"

namespace tessera {

PeArrayModule::PeArrayModule(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core)
    : CommandUnit(name, ctx, core, "PE array"),
      timing_(static_cast<uint64_t>(ctx.chip().pe_array.rows),
              static_cast<uint64_t>(ctx.chip().pe_array.cols), ctx.chip().pe_array.weight_preload,
              static_cast<uint64_t>(ctx.chip().pe_array.arrays)),
      clock_(Clock::from_hz(ctx.chip().pe_clock_hz())),
      efficiency_(ctx.chip().pe_array.efficiency),
      buffers_(ctx.buffers(core)) {
  register_stats(ctx, "pe_array", clock_.hz());
  stall_cycles_ = &stats().count("buffer_stall_cycles", "cycles",
                                 "cycles a tile waited beyond its compute time for buffer ports");
  commands_ = &stats().count("commands", "commands", "Compute commands executed");
  macs_ = &stats().count("macs", "MACs", "useful multiply-accumulates");
  for (size_t i = 0; i < kPrecisionCount; ++i) {
    auto it = ctx.chip().pe_array.macs_per_cycle.find(kPrecisions[i].name);
    rate_[i] = it == ctx.chip().pe_array.macs_per_cycle.end() ? 0 : it->second;
  }
}

void PeArrayModule::execute(uint32_t id, uint8_t) {
  const Command& c = prog_.commands[id];
  const SimTime start = clock_.align_up(sc_now_fs());
  seq_.started(id, start);
  uint64_t cycles =
      timing_.cycles(c.gemm, rate_[static_cast<size_t>(c.precision)], c.reduction_scale);
  if (efficiency_ < 1.0)
    cycles = static_cast<uint64_t>(std::ceil(static_cast<double>(cycles) / efficiency_));
  const SimTime compute_end = start + clock_.cycles(cycles);
  // Operands stream from their buffers and results go back while the array computes; a
  // buffer slower than the array stretches the tile.
  const uint64_t a_share = c.read_bytes / 2, b_share = c.read_bytes - a_share;
  SimTime end = compute_end;
  end = std::max(end, buffers_.buffers[c.read_buffer_a].read(start, a_share, start));
  end = std::max(end, buffers_.buffers[c.read_buffer_b].read(start, b_share, start));
  end = std::max(end, buffers_.buffers[c.buffer].write(start, c.write_bytes, start));
  end = clock_.align_up(end);
  busy_cycles() += cycles;
  seq_.busy_until(id, compute_end);
  *stall_cycles_ += (end - compute_end) / clock_.period;
  ++*commands_;
  *macs_ += c.macs;
  macs_by_precision_[static_cast<size_t>(c.precision)] += c.macs;
  wait_until(end);
  seq_.complete(id, end);
}

void PeArrayModule::add_energy(EnergyEvents& ev) const {
  for (size_t p = 0; p < kPrecisionCount; ++p) ev.macs[p] += macs_by_precision_[p];
}

namespace {
const BlockShellRegistrar kShell(
    "pe_array", "systolic", [](PlatformContext& ctx, uint16_t core, const BlockConfig&) {
      ctx.add_unit(core, new PeArrayModule(indexed("pe_array_c", core).c_str(), ctx, core));
    });
}  // namespace

}  // namespace tessera
