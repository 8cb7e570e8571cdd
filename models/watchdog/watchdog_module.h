// Watches a chip simulation for the two ways a run can fail to end: no command finishing for a
// long (simulated) time while work is outstanding (a deadlock, or a livelock such as a DRAM that
// refreshes all the time), and a wall-clock budget running out. Either way it stops the kernel
// (sc_stop) and records why; the caller turns that into an error or a partial report. It wakes
// once per `period` of simulated time and when the last command completes, so it costs nothing
// measurable and never delays the end of a run.
#pragma once

#include <chrono>
#include <cstdint>
#include <systemc>

#include "models/sequencer/sequencer_module.h"
#include "models/timing/clock.h"

namespace tessera {

class WatchdogModule : public sc_core::sc_module {
 public:
  enum class Outcome : uint8_t { None, NoProgress, WallLimit };

  SC_HAS_PROCESS(WatchdogModule);
  // no_progress_cycles and max_wall_s: 0 disables that check.
  WatchdogModule(
      sc_core::sc_module_name name, const SequencerModule& seq, uint64_t total_commands,
      Clock clock, uint64_t no_progress_cycles, double max_wall_s,
      std::chrono::steady_clock::time_point wall_start = std::chrono::steady_clock::now());

  Outcome outcome() const { return outcome_; }
  uint64_t stalled_cycles() const { return stalled_cycles_; }

 private:
  void watch();

  const SequencerModule& seq_;
  uint64_t total_;
  Clock clock_;
  uint64_t limit_cycles_;
  double max_wall_s_;
  Outcome outcome_ = Outcome::None;
  uint64_t stalled_cycles_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace tessera
