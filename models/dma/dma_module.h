// SystemC shell of a core's DMA engine (hardware.dma.type: engine): `channels` lanes take Load
// and Store commands in program order; each hands its command to the DmaTiming core as one
// transfer, which computes every burst through the memory levels, and waits once until the
// channel is free again (at most once per `simulation.dma_quantum` of the transfer, so transfers
// that overlap on a saturated port interleave). The command completes when its last burst has
// landed: at a time known then, or, when the memory defers completions (bank-level DRAM), when
// the last deferred burst is reported.
#pragma once

#include <cstdint>

#include "models/dma/dma_timing.h"
#include "models/platform/command_unit.h"

namespace tessera {

class DmaModule : public CommandUnit {
 public:
  DmaModule(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core);
  bool accepts(CmdKind k) const override { return k == CmdKind::Load || k == CmdKind::Store; }
  void finish(SimTime end) override;

 private:
  void execute(uint32_t cmd, uint8_t lane) override;
  DmaTiming timing_;
  SimTime quantum_;
  sc_core::sc_event deferred_done_;
  uint64_t *load_bytes_, *store_bytes_, *requests_, *stall_cycles_;
};

}  // namespace tessera
