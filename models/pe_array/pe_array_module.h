// SystemC shell of a core's systolic PE arrays (hardware.pe_array.type: systolic; ganged, see
// pe_array_timing.h): takes Compute commands in program order, asks the timing core how many
// cycles the tile takes, reserves the buffer ports its operands stream through, and waits once
// for the whole command.
#pragma once

#include <cstdint>

#include "models/pe_array/pe_array_timing.h"
#include "models/platform/command_unit.h"
#include "models/spec/precision.h"
#include "models/timing/clock.h"

namespace tessera {

class PeArrayModule : public CommandUnit {
 public:
  PeArrayModule(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core);
  bool accepts(CmdKind k) const override { return k == CmdKind::Compute; }
  void add_energy(EnergyEvents& ev) const override;

 private:
  void execute(uint32_t cmd, uint8_t lane) override;
  PeArrayTiming timing_;
  Clock clock_;
  double efficiency_;
  PerPrecision<double> rate_{};  // MACs per PE per cycle, by precision
  PerPrecision<uint64_t> macs_by_precision_{};
  CoreBuffers& buffers_;
  uint64_t *stall_cycles_, *commands_, *macs_;
};

}  // namespace tessera
