// SystemC shell of the chip's command processor: a SequencerTiming core (the Operator IR's DAG)
// that hands each command to the unit that executes its kind on its core when its dependencies
// are done, completes barriers itself, and records when every command ran. Units report
// completion now (complete) or at a known future time (complete_at, e.g. a DMA transfer whose
// last burst lands later).
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

#include "models/sequencer/sequencer_timing.h"
#include "models/spec/operator_ir.h"
#include "models/timing/clock.h"

namespace tessera {

class CommandUnit;

class SequencerModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(SequencerModule);
  SequencerModule(sc_core::sc_module_name name, const OperatorProgram& prog, uint16_t cores);

  // Commands of `kind` on `core` go to `unit`.
  void route(uint16_t core, CmdKind kind, CommandUnit* unit);
  // Every command has a unit to run it (throws InputError naming the first that has none).
  void check_routes() const;

  void started(uint32_t cmd, SimTime t) { core_.started(cmd, t); }
  // The unit's own busy time ended at t (before stalls on buffers or outstanding memory
  // requests), on lane `lane` of the unit (DMA channel). Only kept for observers (traces).
  void busy_until(uint32_t cmd, SimTime t, uint8_t lane = 0) {
    if (!on_complete) return;
    busy_end_[cmd] = t;
    lane_[cmd] = lane;
  }
  void complete(uint32_t cmd, SimTime t);
  void complete_at(uint32_t cmd, SimTime t);

  const SequencerTiming& timing() const { return core_; }
  uint64_t completed() const { return core_.completed(); }
  // Notified when the last command completes.
  const sc_core::sc_event& all_done() const { return all_done_; }
  // What the units are doing when nothing progresses (the watchdog's message): per unit, the
  // command it runs, or the ready command it cannot start, or the unfinished dependency its next
  // command waits for.
  std::string describe_units() const;
  // Optional observer called on every completion (trace writers); null when tracing is off.
  // Arguments: command, start, end of the unit's busy part, end, lane (DMA channel).
  std::function<void(uint32_t cmd, SimTime start, SimTime busy_end, SimTime end, uint8_t lane)>
      on_complete;
  void enable_busy_tracking();

 private:
  void start_of_simulation() override;
  void timed_completions();
  void release(std::vector<uint32_t>& ready);
  CommandUnit* unit_of(const Command& c) const {
    return route_[static_cast<size_t>(c.core) * kCmdKindCount + static_cast<size_t>(c.kind)];
  }
  std::string name_of(uint32_t cmd) const;
  std::string unit_label(const Command& c) const;

  const OperatorProgram& prog_;
  SequencerTiming core_;
  uint16_t cores_;
  std::vector<CommandUnit*> route_;  // [core * kCmdKindCount + kind]
  std::vector<SimTime> busy_end_;    // tracing only
  std::vector<uint8_t> lane_;
  using Timed = std::pair<SimTime, uint32_t>;
  std::priority_queue<Timed, std::vector<Timed>, std::greater<Timed>> timed_;
  sc_core::sc_event timed_event_;
  sc_core::sc_event all_done_;
  std::vector<uint32_t> ready_;  // scratch
};

}  // namespace tessera
