// SystemC shell of a core's vector unit (hardware.vector_unit.type: simd): one command at a time,
// cycles from its timing core, buffer ports reserved for the tile's reads and writes.
#pragma once

#include <cstdint>

#include "models/platform/command_unit.h"
#include "models/spec/precision.h"
#include "models/timing/clock.h"
#include "models/vector_unit/vector_unit_timing.h"

namespace tessera {

class VectorUnitModule : public CommandUnit {
 public:
  VectorUnitModule(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core);
  bool accepts(CmdKind k) const override { return k == CmdKind::Vector; }
  void add_energy(EnergyEvents& ev) const override;

 private:
  void execute(uint32_t cmd, uint8_t lane) override;
  VectorUnitTiming timing_;
  Clock clock_;
  CoreBuffers& buffers_;
  PerPrecision<uint64_t> ops_by_precision_{};
  uint64_t *commands_, *ops_;
};

}  // namespace tessera
