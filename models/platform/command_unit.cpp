#include "models/platform/command_unit.h"

#include "models/sequencer/sequencer_module.h"

namespace tessera {

CommandUnit::CommandUnit(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core,
                         const std::string& label, unsigned lanes)
    : sc_core::sc_module(name),
      prog_(ctx.program()),
      seq_(ctx.sequencer()),
      core_(core),
      label_("core " + std::to_string(core) + " " + label) {
  for (unsigned l = 0; l < lanes; ++l)
    sc_core::sc_spawn(sc_core::sc_bind(&CommandUnit::lane, this, static_cast<uint8_t>(l)));
}

void CommandUnit::register_stats(PlatformContext& ctx, const char* kind, double clock_hz) {
  stats_ = &ctx.stats().group("blocks", indexed("chip.core", core_) + "." + kind);
  stats_->text("kind", kind);
  stats_->real("clock_hz", "Hz", "clock of the unit") = clock_hz;
  busy_cycles_ =
      &stats_->count("busy_cycles", "cycles", "cycles the unit was busy (its own clock)");
  stats_->fraction("utilization", "busy_cycles", 1.0 / clock_hz,
                   "busy cycles per cycle of the run");
}

void CommandUnit::lane(uint8_t l) {
  while (true) execute(queue_.take(), l);
}

void PlatformContext::add_unit(uint16_t core, CommandUnit* unit) {
  units_.push_back(unit);
  blocks_.push_back(unit);
  for (size_t k = 0; k < kCmdKindCount; ++k)
    if (unit->accepts(static_cast<CmdKind>(k)))
      sequencer_.route(core, static_cast<CmdKind>(k), unit);
}

}  // namespace tessera
