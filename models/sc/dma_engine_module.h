// SystemC shell of a core's DMA engine: `channels` threads take Load/Store commands in program
// order and cut each into burst-sized TLM-2.0 requests to memory, one per DMA cycle per
// channel, with at most `outstanding` requests in flight per engine. Requests carry their issue
// time as a TLM timing annotation (temporal decoupling), and a channel synchronises with the
// kernel whenever it runs more than `quantum` ahead, so one kernel wake-up covers many bursts.
// A Load completes when its last burst is written into the buffer; a Store when its last burst
// is in memory.
#pragma once

#include <array>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/sc/command_sequencer.h"
#include "models/sc/core_resources.h"
#include "models/sc/memory_timing_ext.h"
#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"

namespace tessera {

class DmaEngineModule : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<DmaEngineModule> socket;

  DmaEngineModule(sc_core::sc_module_name name, const DmaSpec& spec, Clock clock, SimTime quantum, uint16_t core,
                  const OperatorProgram& prog, CommandSequencer& seq, ReadyQueue& queue, CoreResources& resources,
                  StatRegistry& stats, const std::string& stat_prefix);

  // Bytes moved per layer (for the per-layer report).
  std::vector<uint64_t> layer_bytes;
  uint64_t busy_cycles() const { return busy_cycles_; }

 private:
  void channel();
  DmaSpec spec_;
  Clock clock_;
  SimTime quantum_;
  uint16_t core_;
  const OperatorProgram& prog_;
  CommandSequencer& seq_;
  ReadyQueue& queue_;
  CoreResources& res_;
  std::priority_queue<SimTime, std::vector<SimTime>, std::greater<SimTime>> in_flight_;
  uint64_t& load_bytes_;
  uint64_t& store_bytes_;
  uint64_t& requests_;
  uint64_t& stall_cycles_;
  uint64_t& busy_cycles_;
};

}  // namespace tessera
