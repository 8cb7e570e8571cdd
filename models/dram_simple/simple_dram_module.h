// SystemC shell of the simple DRAM (hardware.dram.type: simple): one SimpleDramTiming core per
// channel, addresses interleaved across channels. A memory target whose completions are known
// on arrival, so it needs no process of its own.
#pragma once

#include <string>
#include <systemc>
#include <vector>

#include "models/dram/dram_channel_stats.h"
#include "models/dram_simple/simple_dram_timing.h"
#include "models/platform/block.h"
#include "models/platform/memory_target.h"
#include "models/platform/platform_context.h"

namespace tessera {

class SimpleDramModule : public sc_core::sc_module, public MemoryTarget, public Block {
 public:
  SimpleDramModule(sc_core::sc_module_name name, PlatformContext& ctx);
  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override;
  uint32_t ports() const override { return static_cast<uint32_t>(channels_.size()); }
  uint32_t port_of(uint64_t addr) const override {
    return static_cast<uint32_t>((addr / interleave_) % channels_.size());
  }
  void finish(SimTime end) override;
  void add_energy(EnergyEvents& ev) const override;
  const std::vector<SimpleDramTiming>& channels() const { return channels_; }

 private:
  std::vector<SimpleDramTiming> channels_;
  std::vector<DramChannelStats> stats_;
  uint64_t interleave_;
  LayerTraffic& traffic_;
  const DramObserver& observer_;
};

}  // namespace tessera
