// The unit interface (SystemC side): a block that executes commands of some kinds (the PE array
// Compute, the vector unit Vector, the DMA Load and Store). Each unit has a ready queue the
// sequencer fills in program order, and `lanes` processes that take commands from it and run
// them (a DMA engine's channels; one lane for the others). A unit accepts kinds, not cores: the
// platform builds one per core and the sequencer routes (core, kind) to it, so a new kind of unit
// needs no change to the sequencer.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>

#include "models/platform/block.h"
#include "models/platform/platform_context.h"
#include "models/sequencer/ready_queue.h"
#include "models/spec/operator_ir.h"

namespace tessera {

class CommandUnit : public sc_core::sc_module, public Block {
 public:
  // `label` names the unit in messages ("PE array"); the core is added ("core 3 PE array").
  CommandUnit(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core,
              const std::string& label, unsigned lanes = 1);

  virtual bool accepts(CmdKind kind) const = 0;
  ReadyQueue& queue() { return queue_; }
  const std::string& label() const { return label_; }
  uint16_t core() const { return core_; }

 protected:
  // Runs command `cmd` on lane `lane`, from its start to the moment the lane may take another.
  virtual void execute(uint32_t cmd, uint8_t lane) = 0;
  // The unit's statistics group in report.json's "blocks" section (chip.core[N].<kind>): its kind,
  // clock, busy cycles and utilization; units add their own counters to `stats()` after it.
  void register_stats(PlatformContext& ctx, const char* kind, double clock_hz);
  StatGroup& stats() { return *stats_; }
  uint64_t& busy_cycles() { return *busy_cycles_; }

  const OperatorProgram& prog_;
  SequencerModule& seq_;
  const uint16_t core_;

 private:
  void lane(uint8_t l);
  StatGroup* stats_ = nullptr;
  uint64_t* busy_cycles_ = nullptr;
  ReadyQueue queue_;
  std::string label_;
};

}  // namespace tessera
