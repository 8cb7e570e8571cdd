// Power over time and the power cap (plain C++, no SystemC).
//
// The simulation gives every command's interval and dynamic energy. Spreading each command's
// energy evenly over its interval and summing per window gives the power time series; leakage
// is added per second. A power cap (TDP) is enforced window by window, the way a DVFS governor
// acts: a window whose power would exceed the cap runs at the fastest point of the
// voltage-frequency table that fits. At frequency f and voltage V (nominal f0, V0):
//  - the window's core-clocked work (the fraction of the window the PE arrays or vector units
//    were busy) stretches by f0 / f; the rest (waiting for DRAM) does not;
//  - on-chip dynamic energy scales with (V / V0)^2, DRAM energy does not, leakage power with
//    V / V0;
// and if even the slowest point exceeds the cap, the window is stretched further (clock
// gating duty cycle) until it fits. So no window exceeds the cap, the run finishes later, and
// the energy per inference stays within the unthrottled dynamic energy plus leakage over the
// longer run. "Dark silicon" is the part of the PE array that could not run at full clock
// within the cap, whatever the workload: 1 - min(1, (cap - leakage) / full-array MAC power).
#pragma once

#include <cstdint>
#include <vector>

#include "models/spec/chip_spec.h"
#include "models/timing/clock.h"

namespace tessera {

struct CommandEnergy {
  SimTime start = 0, end = 0;
  double core_j = 0;       // PE, vector unit, buffers, on-chip network and L2
  double dram_j = 0;       // off-chip memory
  bool core_busy = false;  // a PE-array or vector command (runs on the core clock)
  uint16_t core = 0;
};

struct PowerSample {
  double t_s = 0;
  double watts = 0;
  double frequency_hz = 0;
};

struct PowerResult {
  double window_s = 0;
  std::vector<PowerSample> series;
  double latency_s = 0;  // after throttling
  double energy_j = 0;   // dynamic (voltage-scaled) + leakage over the run
  double dynamic_j = 0, leakage_j = 0;
  double avg_power_w = 0, peak_power_w = 0;
  double throttled_s = 0;       // time spent below the nominal clock
  double min_frequency_hz = 0;  // lowest clock used
  double unthrottled_peak_w = 0;
  double dark_silicon_fraction = 0;  // of the PE array, under the cap (0 without a cap)
};

// `latency` is the simulated (nominal clock) run time; `leakage_w` the chip's leakage at the
// nominal voltage; `full_array_w` the PE arrays' dynamic power at full clock and utilization.
PowerResult evaluate_power(const std::vector<CommandEnergy>& commands, SimTime latency,
                           int64_t cores, double clock_hz, double leakage_w, double full_array_w,
                           const PowerSpec& spec, double nominal_voltage);

}  // namespace tessera
