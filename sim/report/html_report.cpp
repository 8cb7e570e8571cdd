#include "sim/report/html_report.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "sim/report/format.h"
#include "sim/report/html_page.h"
#include "sim/report/svg_chart.h"

namespace tessera {

namespace {

std::string table(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string o = "<table>";
  for (const auto& [k, v] : rows)
    o += "<tr><th>" + html_escape(k) + "</th><td class=\"n\">" + html_escape(v) + "</td></tr>";
  return o + "</table>\n";
}

// The layers that matter most, in program order (at most `limit`).
std::vector<size_t> top_layers(const RunResult& r, size_t limit) {
  std::vector<size_t> order(r.layers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return r.layers[a].exclusive_s > r.layers[b].exclusive_s;
  });
  if (order.size() > limit) order.resize(limit);
  std::sort(order.begin(), order.end());
  return order;
}

// Chip charts shared by single-chip and cluster reports (the node).
std::string chip_sections(const RunResult& r) {
  const ChipSpec& chip = r.spec.hardware;
  std::string o;
  // Per-layer time: compute, vector, stall (memory, or network when the chip has one), idle cores.
  std::vector<size_t> layers = top_layers(r, 40);
  std::vector<std::string> labels;
  BarSeries compute{"compute (PE arrays)", {}}, vector{"vector unit", {}},
      memory{"memory stall", {}}, network{"interconnect stall", {}}, idle{"idle cores", {}};
  double net_share = 0;
  const auto links = r.sim.stats.section("links"), channels = r.sim.stats.section("dram");
  if (!links.empty() && !channels.empty()) {
    double link = 0, dram = 0;
    const double T = fs_to_seconds(r.sim.end);
    for (const StatGroup* l : links) link = std::max(link, l->value("busy_s") / T);
    for (const StatGroup* d : channels)
      dram += d->value("busy_s") / T / static_cast<double>(channels.size());
    net_share = link + dram > 0 ? link / (link + dram) : 0;
  }
  const double cores = static_cast<double>(chip.cores);
  for (size_t i : layers) {
    const LayerResult& L = r.layers[i];
    const LayerPlan& P = r.program.layers[i];
    const double span = fs_to_seconds(L.end - L.start);
    const double used = std::min<double>(cores, P.cores_used);
    const double c =
        std::min(span * used, static_cast<double>(L.pe_busy_cycles) / chip.pe_clock_hz());
    const double v = std::min(span * used - c,
                              static_cast<double>(L.vector_busy_cycles) / chip.vector_clock_hz());
    const double stall = std::max(0.0, span * used - c - v);
    labels.push_back(P.name);
    compute.values.push_back(c / cores);
    vector.values.push_back(v / cores);
    memory.values.push_back(stall * (1 - net_share) / cores);
    network.values.push_back(stall * net_share / cores);
    idle.values.push_back(span * (cores - used) / cores);
  }
  std::vector<BarSeries> series = {compute, vector, memory};
  if (net_share > 0) series.push_back(network);
  if (chip.cores > 1) series.push_back(idle);
  o += "<h2>Where the time goes</h2>\n";
  o += svg_stacked_bars(
      "layer-time",
      "Per-layer time (the " + std::to_string(layers.size()) + " most expensive layers, in order)",
      labels, series, "time (s, averaged over cores)");
  // Roofline.
  std::vector<ScatterPoint> pts;
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const LayerResult& L = r.layers[i];
    const LayerPlan& P = r.program.layers[i];
    const double span = fs_to_seconds(L.end - L.start);
    if (P.macs == 0 || span <= 0 || L.dram_bytes() == 0) continue;
    pts.push_back({2.0 * static_cast<double>(P.macs) / static_cast<double>(L.dram_bytes()),
                   2.0 * static_cast<double>(P.macs) / span, P.name});
  }
  const double bw = chip.dram.bandwidth * static_cast<double>(chip.dram.channels);
  o += svg_roofline("roofline", "Roofline: each layer against the chip's roofs", pts,
                    2 * r.peak_macs_per_s, bw);
  // Energy.
  std::vector<std::string> blocks;
  std::vector<double> joules;
  for (const auto& b : r.energy) {
    if (b.dynamic_j + b.leakage_j <= 0) continue;
    blocks.push_back(b.block);
    joules.push_back((b.dynamic_j + b.leakage_j) * 1e3);
  }
  o += "<h2>Energy and power</h2>\n";
  o += svg_hbars("energy", "Energy by block (dynamic + leakage) for the run", blocks, joules, "mJ");
  std::vector<std::pair<double, double>> power;
  for (const auto& p : r.power.series) power.push_back({p.t_s, p.watts});
  o += svg_line("power", "Power over time (" + short_seconds(r.power.window_s) + " windows)", power,
                "watts", chip.power.tdp_w, "cap " + short_number(chip.power.tdp_w) + "W");
  return o;
}

std::vector<std::pair<std::string, std::string>> chip_summary(const RunResult& r) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"latency", seconds(r.latency_s) + " (" + grouped(r.cycles) + " cycles)"},
      {"throughput", fmt("%.4g", r.throughput_per_s) + " inferences/s (bound: " + r.bound + ")"},
      {"energy per inference", joules(r.energy_j / static_cast<double>(r.spec.workload.batch))},
      {"average / peak power", fmt("%.4g W", r.latency_s > 0 ? r.energy_j / r.latency_s : 0) +
                                   " / " + fmt("%.4g W", r.power.peak_power_w)},
      {"PE utilization", fmt("%.1f %%", 100 * r.pe_utilization)},
      {"TOPS/W",
       fmt("%.3g", r.energy_j > 0 ? 2.0 * static_cast<double>(r.macs) / r.energy_j / 1e12 : 0)},
      {"area", fmt("%.4g mm²", r.area_mm2)},
      {"work", si(static_cast<double>(r.macs), "MACs") + ", " +
                   si(static_cast<double>(r.sim.events.dram_bytes), "B") + " DRAM traffic"},
  };
  if (r.power.throttled_s > 0)
    rows.push_back({"throttled", seconds(r.power.throttled_s) + " (down to " +
                                     si(r.power.min_frequency_hz, "Hz") + ")"});
  return rows;
}

void write(const std::string& path, const std::string& html) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) output_folder(p.parent_path().string());
  write_file(p, html);
}

}  // namespace

void write_html_report(const std::string& path, const RunResult& r) {
  std::string o = html_page_start("Tessera: " + r.model_name + " on " + r.spec.hardware.name,
                                  "batch " + std::to_string(r.spec.workload.batch) + ", " +
                                      precision_name(r.precision) + ", " +
                                      std::to_string(r.program.layers.size()) + " layers");
  o += "<h2>Summary</h2>\n" + table(chip_summary(r));
  o += chip_sections(r);
  o += "</body></html>\n";
  write(path, o);
}

void write_html_report(const std::string& path, const ClusterResult& r) {
  std::string o = html_page_start(
      "Tessera: " + r.workload + " on " + std::to_string(r.nodes) + " x " + r.spec.hardware.name,
      r.topology + ", " + r.backend + " network");
  std::vector<std::pair<std::string, std::string>> rows = {
      {"time", seconds(r.latency_s)},
      {"links used", std::to_string(r.links.size()) + " of " + std::to_string(r.link_count)},
      {"network energy", joules(r.network_energy_j)}};
  if (!r.benchmark) {
    rows.insert(rows.begin() + 1,
                {{"compute (busiest stage)", seconds(r.step.compute_s)},
                 {"exposed communication", seconds(r.step.exposed_comm_s)},
                 {"bubble", seconds(r.step.bubble_s) + " (" +
                                fmt("%.1f %%", 100 * r.step.bubble_fraction) + ")"},
                 {"energy", joules(r.energy_j)}});
  } else if (!r.collectives.empty()) {
    rows.push_back({"algbw / busbw", fmt("%.2f", r.collectives[0].algbw / 1e9) + " / " +
                                         fmt("%.2f", r.collectives[0].busbw / 1e9) + " GB/s"});
  }
  o += "<h2>Summary</h2>\n" + table(rows);
  // Link utilization over the topology (links in the network's order).
  std::vector<std::string> names;
  std::vector<double> util;
  for (const auto& l : r.links) {
    if (names.size() >= 2048) break;
    names.push_back(l.name);
    util.push_back(l.utilization);
  }
  o += "<h2>Network</h2>\n";
  o += svg_heatmap(
      "link-heatmap",
      "Link utilization (" + std::to_string(names.size()) + " links that carried traffic)", names,
      util,
      static_cast<int>(std::min<size_t>(
          32, std::max<size_t>(8, static_cast<size_t>(std::sqrt(names.size()) * 2)))));
  std::vector<GanttBar> bars;
  std::vector<std::string> groups = {"benchmark", "tensor_parallel", "data_parallel",
                                     "pipeline_forward", "pipeline_backward"};
  for (const auto& c : r.collectives) {
    if (bars.size() >= 400) break;
    const int g =
        static_cast<int>(std::find(groups.begin(), groups.end(), c.group) - groups.begin());
    const std::string row = c.stage >= 0 ? c.group + " s" + std::to_string(c.stage) : c.group;
    bars.push_back(
        {row, c.start_s, c.end_s, g,
         c.op + " " + c.algorithm + " " + short_number(static_cast<double>(c.bytes)) + "B"});
  }
  o += svg_gantt("collectives", "Collectives over time (first " + std::to_string(bars.size()) + ")",
                 bars, groups);
  if (!r.benchmark) {
    std::vector<std::string> labels;
    BarSeries comp{"compute", {}}, tp{"blocked in tensor-parallel collectives", {}},
        wait{"bubble and exposed communication", {}};
    for (size_t s = 0; s < r.step.stages.size(); ++s) {
      const StageTimes& t = r.step.stages[s];
      labels.push_back("stage " + std::to_string(s));
      comp.values.push_back(t.compute_s);
      tp.values.push_back(t.tp_comm_s);
      wait.values.push_back(std::max(0.0, r.step.step_s - t.compute_s - t.tp_comm_s));
    }
    o += svg_stacked_bars("stages", "Step time by pipeline stage", labels, {comp, tp, wait},
                          "time (s)");
    o += "<h2>One node (" + html_escape(r.spec.hardware.name) + ", one micro-batch)</h2>\n" +
         table(chip_summary(r.node));
    o += chip_sections(r.node);
  }
  o += "</body></html>\n";
  write(path, o);
}

}  // namespace tessera
