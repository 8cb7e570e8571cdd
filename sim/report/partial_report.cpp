#include "sim/report/partial_report.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/report/output_files.h"

namespace tessera {

std::string partial_report_json(const RunSpec& spec, const RunProgress& p) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& [name, end] : p.layers_done) layers.push_back({{"name", name}, {"end_s", end}});
  nlohmann::json j = {{"schema", "tessera.report/1"},
                      {"status", "incomplete"},
                      {"run",
                       {{"workload", spec.workload.model},
                        {"batch", spec.workload.batch},
                        {"hardware", spec.hardware.name},
                        {"nodes", spec.cluster.present() ? spec.cluster.nodes : 1}}},
                      {"incomplete",
                       {{"reason", "wall-clock limit"},
                        {"wall_limit_s", p.wall_limit_s},
                        {"stopped_in", p.where},
                        {"simulated_s", p.simulated_s},
                        {"done", p.done},
                        {"total", p.total},
                        {"unit", p.where == "network" ? "messages" : "commands"},
                        {"layers_done", layers}}}};
  return j.dump(1) + "\n";
}

void write_partial_report(const std::string& dir, const RunSpec& spec, const RunProgress& p) {
  // Alone in the folder (an earlier run's files go), written atomically, never through a link.
  OutputSet(dir).write("report.json", partial_report_json(spec, p));
}

}  // namespace tessera
