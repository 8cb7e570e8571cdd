// Bridges the timing cores' integer femtoseconds and SystemC time. The platform sets the
// kernel's resolution to 1 fs before elaborating, so a SimTime is exactly an sc_time value.
#pragma once

#include <systemc>

#include "models/timing/clock.h"

namespace tessera {

inline SimTime sc_now_fs() { return static_cast<SimTime>(sc_core::sc_time_stamp().value()); }
inline sc_core::sc_time fs_to_sc(SimTime t) { return sc_core::sc_time::from_value(t); }
// Suspends the calling thread until absolute time `t` (no-op when `t` has passed).
inline void wait_until(SimTime t) {
  SimTime now = sc_now_fs();
  if (t > now) sc_core::wait(fs_to_sc(t - now));
}

}  // namespace tessera
