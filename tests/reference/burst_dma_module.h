// SystemC shell of a core's DMA engine: `channels` threads take Load/Store commands in program
// order and cut each into burst-sized TLM-2.0 requests to memory, one per DMA cycle per
// channel, with at most `outstanding` requests in flight per engine. Requests carry their issue
// time as a TLM timing annotation (temporal decoupling: a channel synchronises with the kernel
// whenever it runs more than `quantum` ahead). Targets either annotate the completion time
// (simple DRAM) or answer later through memory_done (bank-level DRAM). A Load completes when its
// last burst is written into the buffer; a Store when its last burst is in memory.
#pragma once

#include <array>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/sequencer/sequencer_module.h"
#include "models/buffer/core_buffers.h"
#include "models/platform/memory_timing_ext.h"
#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"

namespace tessera {

class DmaModule : public sc_core::sc_module, public MemorySink {
 public:
  tlm_utils::simple_initiator_socket<DmaModule> socket;

  DmaModule(sc_core::sc_module_name name, const DmaSpec& spec, Clock clock, SimTime quantum, uint16_t core,
                  const OperatorProgram& prog, SequencerModule& seq, ReadyQueue& queue, CoreBuffers& resources,
                  StatRegistry& stats, const std::string& stat_prefix);

  std::vector<uint64_t> layer_bytes;  // bytes moved per layer
  uint64_t busy_cycles() const { return busy_cycles_; }

  void memory_done(uint64_t tag, SimTime done) override;

 private:
  // One transfer in progress: its bursts may complete in any order.
  struct Transfer {
    uint32_t cmd = 0;
    uint32_t remaining = 0;  // bursts not yet complete
    SimTime last = 0;        // latest completion so far
    bool issuing = false;    // the channel is still issuing its bursts
  };
  void channel(uint8_t lane);
  uint32_t new_transfer(uint32_t cmd);
  void burst_done(uint32_t transfer, uint64_t bytes, SimTime at);
  void finish_if_done(uint32_t transfer);
  // Waits (advancing the channel's local time `t`) until fewer than `outstanding` requests are in
  // flight.
  void wait_for_slot(SimTime& t);

  DmaSpec spec_;
  Clock clock_;
  SimTime quantum_;
  uint16_t core_;
  const OperatorProgram& prog_;
  SequencerModule& seq_;
  ReadyQueue& queue_;
  CoreBuffers& res_;
  std::vector<Transfer> transfers_;
  std::vector<uint32_t> free_transfers_;
  std::priority_queue<SimTime, std::vector<SimTime>, std::greater<SimTime>> known_done_;  // in flight, time known
  uint64_t pending_ = 0;                 // in flight, time reported later
  sc_core::sc_event pending_done_;
  uint64_t& load_bytes_;
  uint64_t& store_bytes_;
  uint64_t& requests_;
  uint64_t& stall_cycles_;
  uint64_t& busy_cycles_;
};

}  // namespace tessera
