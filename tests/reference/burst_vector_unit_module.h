// SystemC shell of the vector unit: one command at a time, cycles from its timing core, buffer
// ports reserved for the tile's reads and writes.
#pragma once

#include <array>
#include <string>

#include <systemc>

#include "models/sequencer/sequencer_module.h"
#include "models/buffer/core_buffers.h"
#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"
#include "models/vector_unit/vector_unit_timing.h"

namespace tessera {

class VectorUnitModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(VectorUnitModule);
  VectorUnitModule(sc_core::sc_module_name name, const VectorUnitSpec& spec, Clock clock, const OperatorProgram& prog,
                   SequencerModule& seq, ReadyQueue& queue, CoreBuffers& core, StatRegistry& stats,
                   const std::string& stat_prefix);

  std::array<uint64_t, 6> ops_by_precision{};  // energy events
  uint64_t busy_cycles() const { return busy_cycles_; }

 private:
  void run();
  VectorUnitTiming timing_;
  Clock clock_;
  const OperatorProgram& prog_;
  SequencerModule& seq_;
  ReadyQueue& queue_;
  CoreBuffers& core_;
  uint64_t& busy_cycles_;
  uint64_t& commands_;
  uint64_t& ops_;
};

}  // namespace tessera
