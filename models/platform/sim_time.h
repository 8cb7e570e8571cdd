// Bridges the timing cores' integer femtoseconds and SystemC time, and counts how often the
// kernel resumes one of our processes (the figure that decides a simulator's speed: the
// benchmark prints activations per command). The platform sets the kernel's resolution to 1 fs
// before elaborating, so a SimTime is exactly an sc_time value. Every wait of a Tessera process
// goes through these helpers, so the count is complete.
#pragma once

#include <cstdint>
#include <systemc>

#include "models/timing/clock.h"

namespace tessera {

inline SimTime sc_now_fs() {
  return static_cast<SimTime>(sc_core::sc_time_stamp().value());
}
inline sc_core::sc_time fs_to_sc(SimTime t) {
  return sc_core::sc_time::from_value(t);
}

// Process activations so far (thread resumptions and method runs of Tessera's own processes).
inline uint64_t& process_activations() {
  static uint64_t n = 0;
  return n;
}
// Called at the top of every SC_METHOD.
inline void count_activation() {
  ++process_activations();
}

// Suspends the calling thread until absolute time `t` (no-op when `t` has passed).
inline void wait_until(SimTime t) {
  SimTime now = sc_now_fs();
  if (t > now) {
    sc_core::wait(fs_to_sc(t - now));
    count_activation();
  }
}
inline void wait_event(const sc_core::sc_event& e) {
  sc_core::wait(e);
  count_activation();
}
// Until `e` fires or absolute time `t`, whichever comes first.
inline void wait_event_until(const sc_core::sc_event& e, SimTime t) {
  SimTime now = sc_now_fs();
  sc_core::wait(t > now ? fs_to_sc(t - now) : sc_core::SC_ZERO_TIME, e);
  count_activation();
}

}  // namespace tessera
