// Simulated time and clocks. Time is an integer count of femtoseconds so that every block's
// clock (800 MHz, 1.4 GHz, ...) has an exact-enough integer period and results are integers.
#pragma once

#include <cmath>
#include <cstdint>

namespace tessera {

using SimTime = uint64_t;  // femtoseconds
constexpr double kFsPerSecond = 1e15;

inline double fs_to_seconds(SimTime t) {
  return static_cast<double>(t) / kFsPerSecond;
}
inline SimTime seconds_to_fs(double s) {
  return static_cast<SimTime>(std::llround(s * kFsPerSecond));
}

struct Clock {
  SimTime period = 1;  // femtoseconds per cycle
  double inverse = 1;  // 1 / period: the hot paths divide by the period with a multiply

  static Clock from_period(SimTime period) {
    Clock c;
    c.period = period < 1 ? 1 : period;
    c.inverse = 1.0 / static_cast<double>(c.period);
    return c;
  }
  static Clock from_hz(double hz) {
    const double p = kFsPerSecond / hz;
    return from_period(p < 1 ? 1 : static_cast<SimTime>(std::llround(p)));
  }
  double hz() const { return kFsPerSecond / static_cast<double>(period); }
  // Whole cycles in t (floor(t / period)), exactly: the double product is off by far less than
  // one cycle for any time a run reaches, and the two corrections make it exact anyway.
  uint64_t whole_cycles(SimTime t) const {
    uint64_t q = static_cast<uint64_t>(static_cast<double>(t) * inverse);
    while (q > 0 && q * period > t) --q;
    while ((q + 1) * period <= t) ++q;
    return q;
  }
  // The first clock edge at or after t: every event of a block falls on its own clock edge.
  SimTime align_up(SimTime t) const { return cycles_covering(t) * period; }
  SimTime cycles(uint64_t n) const { return n * period; }
  // Whole cycles needed to cover a duration.
  uint64_t cycles_covering(SimTime d) const {
    const uint64_t q = whole_cycles(d);
    return q * period == d ? q : q + 1;
  }
};

}  // namespace tessera
