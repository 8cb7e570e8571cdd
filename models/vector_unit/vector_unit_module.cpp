#include "models/vector_unit/vector_unit_module.h"

#include <algorithm>

#include "models/platform/block_registry.h"
#include "models/platform/sim_time.h"
#include "models/sequencer/sequencer_module.h"

namespace tessera {

VectorUnitModule::VectorUnitModule(sc_core::sc_module_name name, PlatformContext& ctx,
                                   uint16_t core)
    : CommandUnit(name, ctx, core, "vector unit"),
      timing_(ctx.chip().vector_unit),
      clock_(Clock::from_hz(ctx.chip().vector_clock_hz())),
      buffers_(ctx.buffers(core)) {
  register_stats(ctx, "vector_unit", clock_.hz());
  commands_ = &stats().count("commands", "commands", "Vector commands executed");
  ops_ = &stats().count("ops", "ops", "elementary operations (elements x ops per element)");
}

void VectorUnitModule::execute(uint32_t id, uint8_t) {
  const Command& c = prog_.commands[id];
  const SimTime start = clock_.align_up(sc_now_fs());
  seq_.started(id, start);
  const VectorWork& w = prog_.works[c.work];
  const uint64_t cycles = timing_.cycles(c.bytes, w);
  SimTime end = start + clock_.cycles(cycles);
  seq_.busy_until(id, end);
  end = std::max(end, buffers_.buffers[c.read_buffer_a].read(start, c.read_bytes, start));
  end = std::max(end, buffers_.buffers[c.buffer].write(start, c.write_bytes, start));
  end = clock_.align_up(end);
  const uint64_t ops = c.bytes * w.total_ops();
  busy_cycles() += cycles;
  ++*commands_;
  *ops_ += ops;
  ops_by_precision_[static_cast<size_t>(c.precision)] += ops;
  wait_until(end);
  seq_.complete(id, end);
}

void VectorUnitModule::add_energy(EnergyEvents& ev) const {
  for (size_t p = 0; p < kPrecisionCount; ++p) ev.vector_ops[p] += ops_by_precision_[p];
}

namespace {
const BlockShellRegistrar kShell(
    "vector_unit", "simd", [](PlatformContext& ctx, uint16_t core, const BlockConfig&) {
      ctx.add_unit(core, new VectorUnitModule(indexed("vector_c", core).c_str(), ctx, core));
    });
}  // namespace

}  // namespace tessera
