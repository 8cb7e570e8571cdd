#include <algorithm>
#include <filesystem>
#include <numeric>

#include "sim/config/config_tree.h"
#include "sim/report/format.h"
#include "sim/report/report.h"

namespace tessera {

void print_summary(std::ostream& os, const RunResult& r) {
  const ChipSpec& chip = r.spec.hardware;
  const double batch = static_cast<double>(r.spec.workload.batch);
  os << "Tessera: " << r.model_name << " (batch " << r.spec.workload.batch << ", " << precision_name(r.precision)
     << ") on " << chip.name << "\n";
  os << "  latency         " << grouped(r.cycles) << " cycles = " << seconds(r.latency_s) << " at "
     << si(chip.clock_hz, "Hz") << "\n";
  os << "  throughput      " << fmt("%.2f", batch / r.latency_s) << " inferences/s\n";
  os << "  work            " << si(static_cast<double>(r.macs), "MACs") << ", "
     << si(static_cast<double>(r.sim.events.dram_bytes), "B") << " DRAM traffic\n";
  os << "  PE utilization  " << fmt("%.1f %%", 100 * r.pe_utilization) << " of "
     << si(2 * r.peak_macs_per_s, "OPS") << " peak\n";
  os << "  energy          " << joules(r.energy_j / batch) << " per inference, avg power "
     << fmt("%.3g W", r.energy_j / r.latency_s) << "\n";
  std::string breakdown;
  for (const auto& b : r.energy) {
    if (b.dynamic_j + b.leakage_j <= 0) continue;
    breakdown += (breakdown.empty() ? "" : ", ") + b.block + " " + joules((b.dynamic_j) / batch);
  }
  os << "    dynamic       " << breakdown << "\n";
  os << "    leakage       " << joules(r.leakage_energy_j / batch) << "\n";
  std::vector<size_t> order(r.layers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return r.layers[a].exclusive_s > r.layers[b].exclusive_s; });
  os << "  most expensive layers (share: time each layer added to the run; cycles: its span, overlaps included):\n";
  char line[256];
  std::snprintf(line, sizeof line, "    %-36s %-12s %14s %7s %4s %8s %-8s\n", "layer", "op", "cycles", "share",
                "df", "util", "bound");
  os << line;
  for (size_t i = 0; i < std::min<size_t>(5, order.size()); ++i) {
    const LayerPlan& p = r.program.layers[order[i]];
    const LayerResult& l = r.layers[order[i]];
    std::string name = p.name.size() > 36 ? p.name.substr(0, 33) + "..." : p.name;
    std::snprintf(line, sizeof line, "    %-36s %-12s %14s %6.1f%% %4s %7.1f%% %-8s\n", name.c_str(),
                  p.op_type.substr(0, 12).c_str(), grouped(l.cycles).c_str(),
                  100.0 * l.exclusive_s / r.latency_s, p.dataflow.c_str(), 100 * l.utilization, l.bound.c_str());
    os << line;
  }
}

void write_run_outputs(const std::string& dir, const RunResult& r) {
  const std::filesystem::path d = output_folder(dir);
  write_file(d / "config.yaml", to_yaml(r.resolved));
  write_file(d / "layers.csv", layers_csv(r));
  write_file(d / "report.json", report_json(r));
}

}  // namespace tessera
