#include <algorithm>
#include <filesystem>
#include <numeric>

#include "sim/config/config_tree.h"
#include "sim/report/format.h"
#include "sim/report/report.h"
#include "sim/run/memory_estimate.h"

namespace tessera {

namespace {

// The simulator's own cost: the program size and memory (estimated, and measured so far).
std::string commands_and_memory(const RunResult& r) {
  return grouped(r.program.commands.size()) + " commands; memory " +
         fmt("%.0f", static_cast<double>(r.memory_estimate_bytes) / 1048576.0) +
         " MiB estimated, " + fmt("%.0f", static_cast<double>(peak_rss_bytes()) / 1048576.0) +
         " MiB peak";
}

}  // namespace

void print_summary(std::ostream& os, const RunResult& r) {
  const ChipSpec& chip = r.spec.hardware;
  const double batch = static_cast<double>(r.spec.workload.batch);
  os << "Tessera: " << r.model_name << " (batch " << r.spec.workload.batch << ", "
     << precision_name(r.precision) << ") on " << chip.name << "\n";
  if (r.latency_s == r.unthrottled_latency_s) {
    os << "  latency         " << grouped(r.cycles) << " cycles = " << seconds(r.latency_s)
       << " at " << si(chip.clock_hz, "Hz") << "\n";
  } else {  // throttled or waiting for the host: the simulated cycles are at the nominal clock
    os << "  latency         " << seconds(r.latency_s) << (chip.host.present() ? " end to end" : "")
       << " (simulated " << grouped(r.cycles) << " cycles = " << seconds(r.unthrottled_latency_s)
       << " at " << si(chip.clock_hz, "Hz") << (r.power.throttled_s > 0 ? ", then throttled" : "")
       << ")\n";
  }
  os << "  throughput      " << fmt("%.2f", r.throughput_per_s)
     << " inferences/s (bound: " << r.bound << ")\n";
  if (chip.host.present())
    os << "  host            " << seconds(r.host_input_s) << " to prepare and send a batch ("
       << si(static_cast<double>(r.host_bytes_per_sample), "B") << " per sample)"
       << (r.input_bound ? ", input-bound: the device waits " +
                               fmt("%.0f %%", 100 * r.input_starved_fraction) + " of the time"
                         : "")
       << "\n";
  os << "  work            " << si(static_cast<double>(r.macs), "MACs") << ", "
     << si(static_cast<double>(r.sim.events.dram_bytes), "B") << " DRAM traffic\n";
  os << "  simulator       " << commands_and_memory(r) << "\n";
  os << "  PE utilization  " << fmt("%.1f %%", 100 * r.pe_utilization) << " of "
     << si(2 * r.peak_macs_per_s, "OPS") << " peak\n";
  os << "  energy          " << joules(r.energy_j / batch) << " per inference, avg power "
     << fmt("%.3g W", r.energy_j / r.latency_s) << "\n";
  os << "  power           avg " << fmt("%.3g W", r.latency_s > 0 ? r.energy_j / r.latency_s : 0)
     << ", peak " << fmt("%.3g W", r.power.peak_power_w) << " (" << seconds(r.power.window_s)
     << " windows)";
  if (chip.power.capped()) {
    os << ", cap " << fmt("%.3g W", chip.power.tdp_w);
    if (r.power.throttled_s > 0)
      os << ": throttled " << seconds(r.power.throttled_s) << " down to "
         << si(r.power.min_frequency_hz, "Hz") << " (+"
         << fmt("%.1f %%", 100 * (r.latency_s / r.unthrottled_latency_s - 1)) << " time)";
    if (r.power.dark_silicon_fraction > 0)
      os << "; " << fmt("%.0f %%", 100 * r.power.dark_silicon_fraction)
         << " of the PE array dark at full clock";
  }
  os << "\n";
  std::string breakdown;
  for (const auto& b : r.energy) {
    if (b.dynamic_j + b.leakage_j <= 0) continue;
    breakdown += (breakdown.empty() ? "" : ", ") + b.block + " " + joules((b.dynamic_j) / batch);
  }
  os << "    dynamic       " << breakdown << "\n";
  os << "    leakage       " << joules(r.leakage_energy_j / batch) << "\n";
  std::vector<size_t> order(r.layers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return r.layers[a].exclusive_s > r.layers[b].exclusive_s;
  });
  os << "  most expensive layers (share: time each layer added to the run; cycles: its span, "
        "overlaps included):\n";
  char line[256];
  std::snprintf(line, sizeof line, "    %-36s %-12s %14s %7s %4s %8s %-8s\n", "layer", "op",
                "cycles", "share", "df", "util", "bound");
  os << line;
  for (size_t i = 0; i < std::min<size_t>(5, order.size()); ++i) {
    const LayerPlan& p = r.program.layers[order[i]];
    const LayerResult& l = r.layers[order[i]];
    std::string name = p.name.size() > 36 ? p.name.substr(0, 33) + "..." : p.name;
    std::snprintf(line, sizeof line, "    %-36s %-12s %14s %6.1f%% %4s %7.1f%% %-8s\n",
                  name.c_str(), p.op_type.substr(0, 12).c_str(), grouped(l.cycles).c_str(),
                  100.0 * l.exclusive_s / r.latency_s, p.dataflow.c_str(), 100 * l.utilization,
                  l.bound.c_str());
    os << line;
  }
}

void write_run_outputs(const std::string& dir, const RunResult& r) {
  const OutputSet out(dir);
  out.write("config.yaml", to_yaml(r.resolved));
  out.write("layers.csv", layers_csv(r));
  out.write("report.json", report_json(r));  // last: the set is complete
}

}  // namespace tessera
