#include "models/energy/power_model.h"

#include <algorithm>
#include <cmath>

namespace tessera {

namespace {

// Spreads `joules` evenly over [s, e) into windows of `w` seconds (a zero-length interval lands
// in the window holding s).
void spread(std::vector<double>& bins, double s, double e, double joules, double w) {
  if (joules == 0 || bins.empty()) return;
  const size_t last = bins.size() - 1;
  size_t a = std::min(last, static_cast<size_t>(s / w));
  if (e <= s) {
    bins[a] += joules;
    return;
  }
  const double rate = joules / (e - s);
  size_t b = std::min(last, static_cast<size_t>(e / w));
  for (size_t i = a; i <= b; ++i) {
    double lo = std::max(s, static_cast<double>(i) * w);
    double hi = i == last ? e : std::min(e, static_cast<double>(i + 1) * w);
    if (hi > lo) bins[i] += rate * (hi - lo);
  }
}

}  // namespace

PowerResult evaluate_power(const std::vector<CommandEnergy>& commands, SimTime latency,
                           int64_t cores, double clock_hz, double leakage_w, double full_array_w,
                           const PowerSpec& spec, double nominal_voltage) {
  PowerResult r;
  const double T = fs_to_seconds(latency);
  if (T <= 0) return r;
  // Windows: the configured length, or the run / 200 (at least 1 us); never more than 20,000.
  double w = spec.window_s > 0 ? spec.window_s : std::max(1e-6, T / 200);
  if (T / w > 20000) w = T / 20000;
  const size_t n = std::max<size_t>(1, static_cast<size_t>(std::ceil(T / w - 1e-9)));
  r.window_s = w;
  std::vector<double> core(n, 0), dram(n, 0), busy(n, 0);
  for (const CommandEnergy& c : commands) {
    const double s = fs_to_seconds(c.start), e = fs_to_seconds(c.end);
    spread(core, s, e, c.core_j, w);
    spread(dram, s, e, c.dram_j, w);
    if (c.core_busy) spread(busy, s, e, e - s, w);  // busy seconds per window
  }
  const double V0 = spec.nominal_voltage > 0 ? spec.nominal_voltage : nominal_voltage;
  // Operating points from the fastest down; the nominal point is hardware.clock at V0.
  std::vector<VfPoint> points;
  points.push_back({clock_hz, V0});
  for (auto it = spec.vf_table.rbegin(); it != spec.vf_table.rend(); ++it)
    if (it->frequency_hz < clock_hz) points.push_back(*it);
  r.min_frequency_hz = clock_hz;
  double t = 0;
  for (size_t i = 0; i < n; ++i) {
    const double len = i + 1 == n ? T - static_cast<double>(i) * w : w;
    const double c =
        len > 0 ? std::min(1.0, busy[i] / (len * static_cast<double>(std::max<int64_t>(1, cores))))
                : 0;
    r.unthrottled_peak_w =
        std::max(r.unthrottled_peak_w, (core[i] + dram[i]) / std::max(len, 1e-18) + leakage_w);
    double d = len, dyn = core[i] + dram[i], leak = leakage_w, f = clock_hz;
    for (const VfPoint& p : points) {
      const double s = p.frequency_hz / clock_hz, v = V0 > 0 ? p.voltage / V0 : 1;
      d = len * (c / s + (1 - c));
      dyn = core[i] * v * v + dram[i];
      leak = leakage_w * v;
      f = p.frequency_hz;
      if (!spec.capped() || d <= 0 || dyn / d + leak <= spec.tdp_w) break;
    }
    if (spec.capped() && d > 0 && dyn / d + leak > spec.tdp_w)
      d = dyn / (spec.tdp_w - leak);  // duty cycling
    if (f < clock_hz || d > len * (1 + 1e-12)) r.throttled_s += d;
    r.min_frequency_hz = std::min(r.min_frequency_hz, f);
    const double watts = d > 0 ? dyn / d + leak : leak;
    r.series.push_back({t, watts, f});
    r.peak_power_w = std::max(r.peak_power_w, watts);
    r.dynamic_j += dyn;
    r.leakage_j += leak * d;
    t += d;
  }
  r.latency_s = t;
  r.energy_j = r.dynamic_j + r.leakage_j;
  r.avg_power_w = t > 0 ? r.energy_j / t : 0;
  if (spec.capped() && full_array_w > 0)
    r.dark_silicon_fraction = 1 - std::clamp((spec.tdp_w - leakage_w) / full_array_w, 0.0, 1.0);
  return r;
}

}  // namespace tessera
