#include "sim/report/cluster_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

#include "sim/config/config_tree.h"
#include "sim/report/format.h"
#include "sim/report/report.h"

namespace tessera {

namespace {

using json = nlohmann::ordered_json;

// Links by congestion: utilization, then stall time, then name (deterministic).
std::vector<size_t> congested_order(const ClusterResult& r) {
  std::vector<size_t> order(r.links.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const LinkRecord &x = r.links[a], &y = r.links[b];
    if (x.utilization != y.utilization) return x.utilization > y.utilization;
    return x.stall_s > y.stall_s;
  });
  return order;
}

json cluster_json(const ClusterResult& r) {
  const ClusterSpec& c = r.spec.cluster;
  json j;
  j["nodes"] = r.nodes;
  j["topology"] = r.topology;
  j["backend"] = r.backend;
  j["algorithm"] = c.algorithm;
  j["chunks"] = c.chunks;
  j["link_bandwidth"] = c.link.bandwidth;
  j["link_latency_s"] = c.link.latency_s;
  j["link_efficiency"] = c.link.efficiency;
  j["parallelism"] = {{"dp", c.parallelism.dp},
                      {"tp", c.parallelism.tp},
                      {"pp", c.parallelism.pp},
                      {"microbatches", c.parallelism.microbatches},
                      {"schedule", c.parallelism.schedule},
                      {"bucket_bytes", c.parallelism.bucket},
                      {"tp_collective", c.parallelism.tp_collective}};
  return j;
}

}  // namespace

std::string cluster_report_json(const ClusterResult& r) {
  json root;
  root["schema"] = kReportSchema;
  root["kind"] = r.benchmark ? "collective_benchmark" : "cluster";
  const bool training = r.spec.workload.mode == RunMode::Training;
  root["run"] = {{"workload", r.workload},
                 {"hardware", r.spec.hardware.name},
                 {"mode", r.benchmark ? "benchmark" : (training ? "training" : "inference")}};
  root["cluster"] = cluster_json(r);
  json totals;
  totals["latency_s"] = r.latency_s;
  totals["cycles"] = static_cast<uint64_t>(r.latency_s * r.clock_hz + 0.5);
  totals["clock_hz"] = r.clock_hz;
  if (r.benchmark && !r.collectives.empty()) {
    const CollectiveRecord& c = r.collectives.front();
    totals["bytes"] = c.bytes;
    totals["time_s"] = c.end_s - c.start_s;
    totals["algbw"] = c.algbw;
    totals["busbw"] = c.busbw;
  }
  if (!r.benchmark) {
    const StepResult& s = r.step;
    totals["step_time_s"] = s.step_s;
    totals["compute_time_s"] = s.compute_s;
    totals["exposed_communication_s"] = s.exposed_comm_s;
    totals["bubble_s"] = s.bubble_s;
    totals["bubble_fraction"] = s.bubble_fraction;
    totals["step_without_communication_s"] = s.no_comm_step_s;
    totals["global_batch"] = r.global_batch;
    totals["microbatch_size"] = r.microbatch_size;
    totals["samples_per_s"] = s.step_s > 0 ? static_cast<double>(r.global_batch) / s.step_s : 0;
    totals["energy_j"] = r.energy_j;
    totals["avg_power_w"] = s.step_s > 0 ? r.energy_j / s.step_s : 0;
    totals["dp_buckets"] = s.dp_buckets;
    json comm;
    for (int g = 0; g < 4; ++g)
      comm[comm_group_name(static_cast<CommGroup>(g))] = {{"busy_s", s.comm_busy_s[g]},
                                                          {"bytes", s.comm_bytes[g]}};
    totals["communication"] = comm;
  }
  totals["network_energy_j"] = r.network_energy_j;
  if (r.benchmark) totals["energy_j"] = r.energy_j;
  if (r.network_events) totals["network_events"] = r.network_events;
  if (r.kernel_wakeups) totals["kernel_wakeups"] = r.kernel_wakeups;
  root["totals"] = totals;
  if (!r.benchmark) {
    json stages = json::array();
    for (size_t i = 0; i < r.step.stages.size(); ++i) {
      const StageTimes& t = r.step.stages[i];
      stages.push_back(
          {{"stage", i},
           {"layers", i < r.stage_layers.size() ? r.stage_layers[i] : 0},
           {"simulated_as", i < r.stage_representative.size() ? r.stage_representative[i] : 0},
           {"forward_s", t.forward_s},
           {"backward_s", t.backward_s},
           {"optimizer_s", t.optimizer_s},
           {"compute_s", t.compute_s},
           {"tp_communication_s", t.tp_comm_s},
           {"end_s", t.end_s}});
    }
    root["stages"] = stages;
  }
  json coll = json::array();
  for (const CollectiveRecord& c : r.collectives) {
    json e = {{"op", c.op},       {"algorithm", c.algorithm}, {"group", c.group},
              {"bytes", c.bytes}, {"ranks", c.ranks},         {"start_s", c.start_s},
              {"end_s", c.end_s}, {"algbw", c.algbw},         {"busbw", c.busbw}};
    if (c.stage >= 0) e["stage"] = c.stage;
    coll.push_back(e);
  }
  root["collectives"] = coll;
  root["collectives_total"] = r.collectives_total;
  json links = json::array();
  for (const LinkRecord& l : r.links)
    links.push_back({{"name", l.name},
                     {"bytes", l.bytes},
                     {"utilization", l.utilization},
                     {"busy_s", l.busy_s},
                     {"peak_queue", l.peak_queue},
                     {"mean_queue", l.mean_queue},
                     {"stall_cycles", l.stall_cycles},
                     {"stall_s", l.stall_s}});
  root["links"] = links;
  root["link_count"] = r.link_count;
  root["notes"] = r.notes;
  if (r.has_node) root["node"] = json::parse(report_json(r.node));
  return root.dump(2) + "\n";
}

std::string links_csv(const ClusterResult& r) {
  std::ostringstream os;
  os << "name,bytes,utilization,busy_s,peak_queue,mean_queue,stall_cycles\n";
  char line[512];
  for (const LinkRecord& l : r.links) {
    std::snprintf(line, sizeof line, "%s,%.0f,%.6g,%.6g,%lld,%.6g,%llu\n", l.name.c_str(), l.bytes,
                  l.utilization, l.busy_s, static_cast<long long>(l.peak_queue), l.mean_queue,
                  static_cast<unsigned long long>(l.stall_cycles));
    os << line;
  }
  return os.str();
}

std::string collectives_csv(const ClusterResult& r) {
  std::ostringstream os;
  os << "op,algorithm,group,stage,ranks,bytes,start_s,end_s,algbw,busbw\n";
  char line[512];
  for (const CollectiveRecord& c : r.collectives) {
    std::snprintf(line, sizeof line, "%s,%s,%s,%d,%lld,%llu,%.9g,%.9g,%.6g,%.6g\n", c.op.c_str(),
                  c.algorithm.c_str(), c.group.c_str(), c.stage, static_cast<long long>(c.ranks),
                  static_cast<unsigned long long>(c.bytes), c.start_s, c.end_s, c.algbw, c.busbw);
    os << line;
  }
  return os.str();
}

void print_cluster_summary(std::ostream& os, const ClusterResult& r) {
  const ClusterSpec& c = r.spec.cluster;
  os << "Tessera: " << r.workload << " on " << r.nodes << " x " << r.spec.hardware.name << " ("
     << r.topology << ", " << r.backend << " network)\n";
  if (r.benchmark) {
    if (!r.collectives.empty()) {
      const CollectiveRecord& k = r.collectives.front();
      os << "  collective      " << k.op << " " << k.algorithm << ", "
         << si(static_cast<double>(k.bytes), "B") << " per rank"
         << (r.collectives.size() > 1 ? ", " + std::to_string(r.collectives.size()) + " at once"
                                      : "")
         << "\n";
      os << "  time            " << seconds(k.end_s - k.start_s) << "\n";
      os << "  algbw / busbw   " << fmt("%.2f", k.algbw / 1e9) << " / "
         << fmt("%.2f", k.busbw / 1e9) << " GB/s\n";
    }
  } else {
    const StepResult& s = r.step;
    const char* what =
        r.spec.workload.mode == RunMode::Training ? "training step" : "inference batch";
    os << "  parallelism     dp " << c.parallelism.dp << " x tp " << c.parallelism.tp << " x pp "
       << c.parallelism.pp << ", " << c.parallelism.microbatches << " micro-batches of "
       << r.microbatch_size << " (" << c.parallelism.schedule << "), global batch "
       << r.global_batch << "\n";
    os << "  " << what << (r.spec.workload.mode == RunMode::Training ? "   " : " ")
       << seconds(s.step_s) << " (" << fmt("%.1f", static_cast<double>(r.global_batch) / s.step_s)
       << " samples/s)\n";
    os << "  compute         " << seconds(s.compute_s) << " (busiest stage)\n";
    os << "  exposed comm    " << seconds(s.exposed_comm_s) << "\n";
    os << "  bubble          " << seconds(s.bubble_s) << " ("
       << fmt("%.1f %%", 100 * s.bubble_fraction) << ")\n";
    os << "  communication   ";
    for (int g = 0; g < 4; ++g)
      if (s.comm_bytes[g])
        os << comm_group_name(static_cast<CommGroup>(g)) << " " << seconds(s.comm_busy_s[g])
           << "  ";
    os << "\n  energy          " << joules(r.energy_j) << " for the cluster, avg "
       << si(s.step_s > 0 ? r.energy_j / s.step_s : 0, "W") << "\n";
  }
  os << "  most congested links (of " << r.links.size() << " used, " << r.link_count
     << " in the network):\n";
  char line[256];
  std::snprintf(line, sizeof line, "    %-34s %12s %7s %6s %10s %14s\n", "link", "bytes", "util",
                "peakq", "meanq", "stall cycles");
  os << line;
  std::vector<size_t> order = congested_order(r);
  for (size_t i = 0; i < std::min<size_t>(5, order.size()); ++i) {
    const LinkRecord& l = r.links[order[i]];
    std::snprintf(line, sizeof line, "    %-34s %12s %6.1f%% %6lld %10.3g %14s\n",
                  l.name.substr(0, 34).c_str(), si(l.bytes, "B").c_str(), 100 * l.utilization,
                  static_cast<long long>(l.peak_queue), l.mean_queue,
                  grouped(l.stall_cycles).c_str());
    os << line;
  }
  for (const std::string& n : r.notes) os << "  note: " << n << "\n";
}

void write_cluster_outputs(const std::string& dir, const ClusterResult& r) {
  const OutputSet out(dir);
  out.write("config.yaml", to_yaml(r.resolved));
  out.write("links.csv", links_csv(r));
  out.write("collectives.csv", collectives_csv(r));
  if (r.has_node) out.write("layers.csv", layers_csv(r.node));
  out.write("report.json", cluster_report_json(r));  // last: the set is complete
}

}  // namespace tessera
