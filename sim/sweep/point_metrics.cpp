#include "sim/sweep/point_metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tessera {

const std::vector<MetricDoc>& sweep_metrics() {
  static const std::vector<MetricDoc> m = {
      {"latency_s", "s",
       "time of one inference (chip), of one training step or collective (cluster)"},
      {"throughput_per_s", "1/s",
       "inferences per second (chip), samples per second (cluster step)"},
      {"energy_j", "J", "energy of the run (all nodes)"},
      {"avg_power_w", "W", "average power (all nodes)"},
      {"peak_power_w", "W", "peak power of one chip"},
      {"area_mm2", "mm^2", "silicon area (all nodes)"},
      {"utilization", "", "PE-array utilization of a chip"},
      {"tops_per_w", "TOPS/W", "operations (2 per MAC) per joule / 1e12"},
      {"macs", "", "multiply-accumulates of the run on one chip"},
      {"dram_bytes", "B", "DRAM traffic of one chip"},
      {"nodes", "", "chips in the run"},
      {"bound", "",
       "what limits the run: compute, memory, host (chip); compute, communication, bubble, network "
       "(cluster)"},
  };
  return m;
}

bool is_sweep_metric(const std::string& name) {
  for (const auto& m : sweep_metrics())
    if (name == m.name) return true;
  return false;
}

namespace {

// A metric of a point's report: absent is 0 (not every run has every figure); present, it must be
// a finite non-negative number. A report edited by hand or by someone else is checked, not trusted.
double num(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) throw std::invalid_argument("report.json: totals is not an object");
  auto it = j.find(key);
  if (it == j.end()) return 0.0;
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
    throw std::invalid_argument(std::string("report.json: ") + key + " is " + it->dump() +
                                ", not a non-negative number");
  return it->get<double>();
}

std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (!it->is_string())
    throw std::invalid_argument(std::string("report.json: ") + key + " is " + it->dump() +
                                ", not text");
  return it->get<std::string>();
}

// Chip-level numbers from a chip report's totals.
void chip_metrics(const nlohmann::json& t, double nodes, PointMetrics& m) {
  m.numbers["peak_power_w"] = num(t, "peak_power_w");
  m.numbers["area_mm2"] = num(t, "area_mm2") * nodes;
  m.numbers["utilization"] = num(t, "pe_utilization");
  m.numbers["tops_per_w"] = num(t, "tops_per_w");
  m.numbers["macs"] = num(t, "macs");
  m.numbers["dram_bytes"] = num(t, "dram_bytes");
}

}  // namespace

PointMetrics metrics_from_report(const nlohmann::json& r) {
  PointMetrics m;
  const nlohmann::json& t = r.at("totals");
  const bool cluster = r.contains("cluster");
  const double nodes = cluster ? std::max(1.0, num(r["cluster"], "nodes")) : 1.0;
  m.numbers["latency_s"] = num(t, "latency_s");
  m.numbers["energy_j"] = num(t, "energy_j");
  m.numbers["avg_power_w"] = num(t, "avg_power_w");
  m.numbers["nodes"] = nodes;
  if (!cluster) {
    chip_metrics(t, 1, m);
    m.numbers["throughput_per_s"] = num(t, "throughput_per_s");
    m.bound = text(t, "bound");
  } else if (text(r, "kind") == "collective_benchmark") {
    const double lat = num(t, "latency_s");
    m.numbers["throughput_per_s"] = lat > 0 ? 1 / lat : 0;
    for (const char* k :
         {"peak_power_w", "area_mm2", "utilization", "tops_per_w", "macs", "dram_bytes"})
      m.numbers[k] = 0;
    m.bound = "network";
  } else {
    if (r.contains("node")) {
      if (!r["node"].is_object() || !r["node"].contains("totals"))
        throw std::invalid_argument("report.json: node has no totals");
      chip_metrics(r["node"]["totals"], nodes, m);
    }
    m.numbers["throughput_per_s"] = num(t, "samples_per_s");
    // The largest part of the step names what bounds it.
    const double compute = num(t, "compute_time_s"), comm = num(t, "exposed_communication_s"),
                 bubble = num(t, "bubble_s");
    m.bound = compute >= comm && compute >= bubble ? "compute"
              : comm >= bubble                     ? "communication"
                                                   : "bubble";
  }
  return m;
}

}  // namespace tessera
