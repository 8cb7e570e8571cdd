// SystemC shell of the shared L2 (hardware.l2.type: cache): an L2Timing core between the
// interconnect (or the cores) and the next level. Its completions are known on arrival unless a
// line fill goes to a level that defers them, so it needs no process of its own.
#pragma once

#include <systemc>

#include "models/l2/l2_timing.h"
#include "models/platform/block.h"
#include "models/platform/platform_context.h"

namespace tessera {

class L2Module : public sc_core::sc_module, public MemoryTarget, public Block {
 public:
  L2Module(sc_core::sc_module_name name, PlatformContext& ctx, MemoryTarget& downstream);
  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override {
    return cache_.serve(b, cb, tag);
  }
  uint32_t ports() const override { return cache_.banks(); }
  uint32_t port_of(uint64_t addr) const override { return cache_.slice_of(addr); }
  void finish(SimTime end) override;
  void add_energy(EnergyEvents& ev) const override;
  const L2Timing& cache() const { return cache_; }

 private:
  L2Timing cache_;
  uint64_t *hits_, *misses_, *writebacks_, *dram_read_, *dram_write_, *flushed_, *served_;
  double* hit_rate_;
};

}  // namespace tessera
