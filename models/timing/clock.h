// Simulated time and clocks. Time is an integer count of femtoseconds so that every block's
// clock (800 MHz, 1.4 GHz, ...) has an exact-enough integer period and results are integers.
#pragma once

#include <cmath>
#include <cstdint>

namespace tessera {

using SimTime = uint64_t;  // femtoseconds
constexpr double kFsPerSecond = 1e15;

inline double fs_to_seconds(SimTime t) { return static_cast<double>(t) / kFsPerSecond; }
inline SimTime seconds_to_fs(double s) { return static_cast<SimTime>(std::llround(s * kFsPerSecond)); }

struct Clock {
  SimTime period = 1;  // femtoseconds per cycle

  static Clock from_hz(double hz) {
    Clock c;
    double p = kFsPerSecond / hz;
    c.period = p < 1 ? 1 : static_cast<SimTime>(std::llround(p));
    return c;
  }
  double hz() const { return kFsPerSecond / static_cast<double>(period); }
  // The first clock edge at or after t: every event of a block falls on its own clock edge.
  SimTime align_up(SimTime t) const { return (t + period - 1) / period * period; }
  SimTime cycles(uint64_t n) const { return n * period; }
  // Whole cycles needed to cover a duration.
  uint64_t cycles_covering(SimTime d) const { return (d + period - 1) / period; }
};

}  // namespace tessera
