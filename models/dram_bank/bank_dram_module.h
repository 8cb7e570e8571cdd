// SystemC shell of the bank-level DRAM (hardware.dram.type: bank): one BankDramTiming core per
// channel behind an address map. Bursts are split into DRAM bursts and queued at their arrival
// time (a channel whose queue is full holds the rest in arrival order until a slot frees, which
// is the back-pressure a full controller queue exerts); a controller process advances the cores
// exactly to the next cycle on which some channel can issue a command, and reports each burst's
// completion through its callback. Its completions are deferred: the FR-FCFS scheduler's choice
// depends on requests that have not arrived yet.
#pragma once

#include <deque>
#include <string>
#include <systemc>
#include <vector>

#include "models/dram/dram_channel_stats.h"
#include "models/dram_bank/bank_dram_timing.h"
#include "models/dram_bank/dram_address_map.h"
#include "models/platform/block.h"
#include "models/platform/memory_target.h"
#include "models/platform/platform_context.h"
#include "models/stats/latency_histogram.h"

namespace tessera {

class BankDramModule : public sc_core::sc_module, public MemoryTarget, public Block {
 public:
  SC_HAS_PROCESS(BankDramModule);
  BankDramModule(sc_core::sc_module_name name, PlatformContext& ctx);

  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override;
  uint32_t ports() const override { return static_cast<uint32_t>(channels_.size()); }
  uint32_t port_of(uint64_t addr) const override { return map_.decode(addr).channel; }
  void describe_blocked(SimTime now, std::vector<std::string>& lines) const override;
  void finish(SimTime end) override;
  void add_energy(EnergyEvents& ev) const override;
  const std::vector<BankDramTiming>& channels() const { return channels_; }

 private:
  struct Parent {  // a burst from upstream, waiting for its DRAM bursts
    MemoryCallback* cb = nullptr;
    uint64_t tag = 0;
    uint32_t remaining = 0;
    SimTime arrive = 0;
    uint64_t arrive_cycle = 0;
    bool write = false;
    uint32_t channel = 0;
    uint64_t bytes = 0;
  };
  struct ChannelStats : DramChannelStats {
    uint64_t *row_hits, *row_misses, *row_conflicts, *activates, *refreshes, *refresh_stall;
    double* row_hit_rate;
  };
  void controller();
  uint32_t new_parent();
  void admit(size_t ch, uint64_t cycle);  // moves held requests into the channel's queue

  Clock clock_;
  uint64_t controller_latency_;
  DramAddressMap map_;
  uint64_t burst_bytes_;
  std::vector<BankDramTiming> channels_;
  std::vector<std::deque<DramRequest>> held_;  // per channel: requests waiting for a queue slot
  std::vector<Parent> parents_;
  std::vector<uint32_t> free_parents_;
  std::vector<uint64_t> read_bytes_, write_bytes_;
  std::vector<uint32_t> peak_;
  std::vector<LatencyHistogram> read_latency_;
  std::vector<DramCompletion> done_;
  std::vector<ChannelStats> stats_;
  LayerTraffic& traffic_;
  const DramObserver& observer_;
  sc_core::sc_event work_;  // a request arrived
};

}  // namespace tessera
