// SystemC shell of the on-chip interconnect (hardware.interconnect.type: crossbar | mesh): a
// NocTiming core between the cores' DMA engines and the next memory level, whose ports (L2
// slices or DRAM channels) are the network's memory ports. Its completions follow the next
// level's (known on arrival or deferred), so it needs no process of its own.
#pragma once

#include <string>
#include <systemc>
#include <vector>

#include "models/noc/noc_timing.h"
#include "models/platform/block.h"
#include "models/platform/platform_context.h"

namespace tessera {

class NocModule : public sc_core::sc_module, public MemoryTarget, public Block {
 public:
  NocModule(sc_core::sc_module_name name, PlatformContext& ctx, MemoryTarget& downstream);
  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override {
    return noc_.serve(b, cb, tag);
  }
  void finish(SimTime end) override;
  void add_energy(EnergyEvents& ev) const override;
  const NocTiming& noc() const { return noc_; }

 private:
  struct LinkStats {
    uint64_t *bytes, *packets, *busy, *peak_queue, *stall_cycles;
  };
  NocTiming noc_;
  std::vector<LinkStats> stats_;
};

}  // namespace tessera
