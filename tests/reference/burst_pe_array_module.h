// SystemC shell of a core's systolic PE arrays (ganged, see systolic_array.h): takes Compute
// commands in program order, asks the timing core how many cycles the tile takes, reserves the buffer ports its operands stream
// through, and waits once for the whole command.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <systemc>

#include "models/sequencer/sequencer_module.h"
#include "models/buffer/core_buffers.h"
#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"
#include "models/pe_array/pe_array_timing.h"

namespace tessera {

class PeArrayModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(PeArrayModule);
  PeArrayModule(sc_core::sc_module_name name, const PeArraySpec& spec, Clock clock, const OperatorProgram& prog,
                SequencerModule& seq, ReadyQueue& queue, CoreBuffers& core, StatRegistry& stats,
                const std::string& stat_prefix);

  std::array<uint64_t, 6> macs_by_precision{};  // energy events
  uint64_t busy_cycles() const { return busy_cycles_; }

 private:
  void run();
  PeArrayTiming timing_;
  Clock clock_;
  double efficiency_;
  std::array<double, 6> rate_{};  // MACs per PE per cycle, by precision
  const OperatorProgram& prog_;
  SequencerModule& seq_;
  ReadyQueue& queue_;
  CoreBuffers& core_;
  uint64_t& busy_cycles_;
  uint64_t& stall_cycles_;
  uint64_t& commands_;
  uint64_t& macs_;
};

}  // namespace tessera
