#include "models/watchdog/watchdog_module.h"

#include <algorithm>

#include "models/platform/sim_time.h"

namespace tessera {

WatchdogModule::WatchdogModule(sc_core::sc_module_name name, const SequencerModule& seq,
                               uint64_t total_commands, Clock clock, uint64_t no_progress_cycles,
                               double max_wall_s, std::chrono::steady_clock::time_point wall_start)
    : sc_core::sc_module(name),
      seq_(seq),
      total_(total_commands),
      clock_(clock),
      limit_cycles_(no_progress_cycles),
      max_wall_s_(max_wall_s),
      start_(wall_start) {
  SC_THREAD(watch);
}

void WatchdogModule::watch() {
  // Check often enough for the wall-clock limit (2^20 cycles is a millisecond at 1 GHz) and at
  // least once per no-progress window.
  const uint64_t period =
      limit_cycles_ > 0 ? std::min<uint64_t>(limit_cycles_, uint64_t(1) << 20) : uint64_t(1) << 20;
  uint64_t last_completed = seq_.completed();
  while (seq_.completed() < total_) {
    wait_event_until(seq_.all_done(), sc_now_fs() + period * clock_.period);
    if (seq_.completed() >= total_) return;
    if (max_wall_s_ > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() >
            max_wall_s_) {
      outcome_ = Outcome::WallLimit;
      sc_core::sc_stop();
      return;
    }
    if (seq_.completed() != last_completed) {
      last_completed = seq_.completed();
      stalled_cycles_ = 0;
      continue;
    }
    stalled_cycles_ += period;
    if (limit_cycles_ > 0 && stalled_cycles_ >= limit_cycles_) {
      outcome_ = Outcome::NoProgress;
      sc_core::sc_stop();
      return;
    }
  }
}

}  // namespace tessera
