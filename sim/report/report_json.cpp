#include <nlohmann/json.hpp>

#include "models/energy/energy_model.h"
#include "sim/report/report.h"

namespace tessera {

namespace {

using json = nlohmann::ordered_json;

json layer_json(const RunResult& r, size_t i) {
  const LayerPlan& p = r.program.layers[i];
  const LayerResult& l = r.layers[i];
  const double ref_hz = r.clock_hz;
  json j;
  j["name"] = p.name;
  j["op"] = p.op_type;
  j["kind"] = p.kind;
  j["precision"] = precision_name(p.precision);
  j["macs"] = p.macs;
  j["effective_macs"] = l.effective_macs;
  j["compute_cycles"] = p.compute_cycles;
  j["cycles"] = l.cycles;
  j["start_cycle"] = static_cast<uint64_t>(fs_to_seconds(l.start) * ref_hz + 0.5);
  j["end_cycle"] = static_cast<uint64_t>(fs_to_seconds(l.end) * ref_hz + 0.5);
  j["latency_s"] = fs_to_seconds(l.end - l.start);
  j["exclusive_s"] = l.exclusive_s;
  j["dataflow"] = p.dataflow;
  if (p.macs > 0) {
    j["gemm"] = {{"batch", p.gemm_batch},
                 {"m", p.gemm_m},
                 {"n", p.gemm_n},
                 {"k", p.gemm_k},
                 {"pack", p.pack}};
    j["tile"] = {{"m", p.tile_m}, {"n", p.tile_n}, {"k", p.tile_k}};
    j["loop_order"] = p.loop_order;
  } else {
    j["tile"] = {{"elements", p.tile_m}};
  }
  j["cores_used"] = p.cores_used;
  j["split"] = p.split;
  j["pe_busy_cycles"] = l.pe_busy_cycles;
  j["vector_busy_cycles"] = l.vector_busy_cycles;
  j["vector_ops"] = l.vector_ops;
  j["dram_bytes"] = l.dram_bytes();
  j["dram_read_bytes"] = l.dram_read_bytes;
  j["dram_write_bytes"] = l.dram_write_bytes;
  j["l2_bytes"] = l.l2_bytes;
  j["min_dram_bytes"] = p.min_dram_bytes;
  j["weight_bytes"] = p.weight_bytes;
  j["input_bytes"] = p.input_bytes;
  j["output_bytes"] = p.output_bytes;
  j["utilization"] = l.utilization;
  j["bound"] = l.bound;
  j["dynamic_energy_j"] = l.dynamic_energy_j;
  j["energy_j"] = l.energy_j;
  j["fused"] = p.fused;
  if (r.spec.cluster.present() && p.op >= 0) {
    const OpNode& op = r.graph.op(p.op);
    j["stage"] = op.stage;
    j["phase"] = op.kind == OpKind::Optimizer ? "optimizer" : op.backward ? "backward" : "forward";
  }
  if (!p.sparsity_note.empty()) j["note"] = p.sparsity_note;
  return j;
}

json stat_group(const StatGroup& g, double run_s, bool named) {
  json j;
  if (named) j["name"] = g.name();
  for (const StatField& f : g.fields()) {
    if (f.kind == StatKind::Text) {
      j[f.name] = f.text;
    } else if (f.kind == StatKind::Count) {
      j[f.name] = f.count;
    } else {
      j[f.name] = g.value(f, run_s);
    }
  }
  return j;
}

json stat_section(const StatRegistry& stats, const std::string& section, double run_s) {
  json out = json::array();
  for (const StatGroup* g : stats.section(section)) out.push_back(stat_group(*g, run_s, true));
  return out;
}

}  // namespace

std::string report_json(const RunResult& r) {
  const ChipSpec& chip = r.spec.hardware;
  json root;
  root["schema"] = kReportSchema;
  root["run"] = {{"model", r.model_name},
                 {"workload", r.spec.workload.model},
                 {"batch", r.spec.workload.batch},
                 {"precision", precision_name(r.precision)},
                 {"hardware", chip.name},
                 {"mode", r.spec.workload.mode == RunMode::Training ? "training" : "inference"},
                 {"dram_model", chip.block("dram") ? chip.block("dram")->type_name() : ""},
                 {"skipped_operators", r.graph.skipped_ops}};
  uint64_t min_bytes = 0;
  for (const auto& l : r.program.layers) min_bytes += l.min_dram_bytes;
  const double batch = static_cast<double>(r.spec.workload.batch);
  json totals;
  totals["cycles"] = r.cycles;
  totals["clock_hz"] = r.clock_hz;
  totals["latency_s"] = r.latency_s;
  totals["throughput_per_s"] = r.throughput_per_s;
  totals["device_latency_s"] = r.device_latency_s;
  totals["bound"] = r.bound;
  if (chip.host.present()) {
    totals["host_input_s"] = r.host_input_s;
    totals["host_bytes_per_sample"] = r.host_bytes_per_sample;
    totals["input_bound"] = r.input_bound;
    totals["input_starved_fraction"] = r.input_starved_fraction;
  }
  totals["energy_j"] = r.energy_j;
  totals["energy_per_inference_j"] = r.energy_j / batch;
  totals["dynamic_energy_j"] = r.dynamic_energy_j;
  totals["leakage_energy_j"] = r.leakage_energy_j;
  totals["avg_power_w"] = r.latency_s > 0 ? r.energy_j / r.latency_s : 0;
  totals["macs"] = r.macs;
  totals["ops_per_j"] = r.energy_j > 0 ? 2.0 * static_cast<double>(r.macs) / r.energy_j : 0;
  totals["tops_per_w"] = r.energy_j > 0 ? 2.0 * static_cast<double>(r.macs) / r.energy_j / 1e12 : 0;
  uint64_t dram_read = 0, dram_write = 0;
  for (const LayerResult& l : r.layers) {
    dram_read += l.dram_read_bytes;
    dram_write += l.dram_write_bytes;
  }
  totals["dram_bytes"] = dram_read + dram_write;
  totals["dram_read_bytes"] = dram_read;
  totals["dram_write_bytes"] = dram_write;
  totals["min_dram_bytes"] = min_bytes;
  if (dram_read + dram_write < min_bytes)
    totals["dram_note"] =
        "below min_dram_bytes: layers read their inputs back from the on-chip L2 (outputs of "
        "earlier layers that never left the chip before the run ended)";
  totals["weight_bytes"] = r.graph.weight_bytes();
  totals["pe_utilization"] = r.pe_utilization;
  totals["peak_macs_per_s"] = r.peak_macs_per_s;
  totals["dram_peak_bandwidth"] = chip.dram.bandwidth * static_cast<double>(chip.dram.channels);
  totals["area_mm2"] = r.area_mm2;
  totals["peak_power_w"] = r.power.peak_power_w;
  totals["throttled_s"] = r.power.throttled_s;
  totals["unthrottled_latency_s"] = r.unthrottled_latency_s;
  totals["min_frequency_hz"] = r.power.min_frequency_hz;
  totals["tdp_w"] = chip.power.tdp_w;
  totals["dark_silicon_fraction"] = r.power.dark_silicon_fraction;
  totals["commands"] = r.program.commands.size();
  root["totals"] = totals;

  json energy;
  json blocks = json::array();
  for (const auto& b : r.energy)
    blocks.push_back({{"block", b.block},
                      {"dynamic_j", b.dynamic_j},
                      {"leakage_j", b.leakage_j},
                      {"leakage_w", b.leakage_w},
                      {"area_mm2", b.area_mm2}});
  energy["blocks"] = blocks;
  // The events and the energy of each, so anyone can recompute the totals.
  EnergyModel em(chip, r.spec.technology);
  json per_event, events;
  json mac_e, vop_e, macs, vops;
  for (size_t p = 0; p < 6; ++p) {
    const char* name = precision_name(static_cast<Precision>(p));
    mac_e[name] = em.mac_energy(static_cast<Precision>(p));
    vop_e[name] = em.vector_op_energy(static_cast<Precision>(p));
    macs[name] = r.sim.events.macs[p];
    vops[name] = r.sim.events.vector_ops[p];
  }
  per_event["mac_j"] = mac_e;
  per_event["vector_op_j"] = vop_e;
  json buf_e, buf_r, buf_w;
  for (size_t b = 0; b < chip.buffers.size(); ++b) {
    buf_e[chip.buffers[b].name] = em.buffer_energy_per_byte(b);
    buf_r[chip.buffers[b].name] = r.sim.events.buffer_read_bytes[b];
    buf_w[chip.buffers[b].name] = r.sim.events.buffer_write_bytes[b];
  }
  per_event["buffer_byte_j"] = buf_e;
  per_event["dram_byte_j"] = em.dram_energy_per_byte();
  per_event["l2_byte_j"] = em.l2_energy_per_byte();
  per_event["interconnect_byte_j"] = em.noc_energy_per_byte();
  events["macs"] = macs;
  events["vector_ops"] = vops;
  events["buffer_read_bytes"] = buf_r;
  events["buffer_write_bytes"] = buf_w;
  events["dram_bytes"] = r.sim.events.dram_bytes;
  events["l2_bytes"] = r.sim.events.l2_bytes;
  events["interconnect_bytes"] = r.sim.events.noc_bytes;
  energy["per_event"] = per_event;
  energy["events"] = events;
  energy["leakage_w"] = em.total_leakage_w();
  root["energy"] = energy;
  json power = json::array();
  for (const PowerSample& p : r.power.series)
    power.push_back({{"t_s", p.t_s}, {"watts", p.watts}, {"frequency_hz", p.frequency_hz}});
  root["power"] = power;
  root["power_window_s"] = r.power.window_s;

  // The blocks' own statistics, one section per kind, straight from the registry.
  for (const char* section : {"blocks", "dram", "links"})
    root[section] = stat_section(r.sim.stats, section, r.latency_s);
  if (const auto l2 = r.sim.stats.section("l2"); !l2.empty())
    root["l2"] = stat_group(*l2.front(), r.latency_s, false);
  json cores = json::array();
  for (size_t k = 0; k < r.cores.size(); ++k) {
    const CoreActivity& c = r.cores[k];
    double total = static_cast<double>(c.busy_cycles + c.stall_cycles + c.idle_cycles);
    cores.push_back({{"core", k},
                     {"busy_cycles", c.busy_cycles},
                     {"stall_cycles", c.stall_cycles},
                     {"idle_cycles", c.idle_cycles},
                     {"macs", c.macs},
                     {"utilization", total > 0 ? static_cast<double>(c.busy_cycles) / total : 0}});
  }
  root["cores"] = cores;
  json layers = json::array();
  for (size_t i = 0; i < r.program.layers.size(); ++i) layers.push_back(layer_json(r, i));
  root["layers"] = layers;
  json passes = json::array();
  for (const auto& p : r.passes) passes.push_back({{"name", p.name}, {"summary", p.summary}});
  root["passes"] = passes;
  json stats;
  for (const StatGroup& g : r.sim.stats.groups())
    for (const StatField& f : g.fields())
      if (f.kind == StatKind::Count) stats[g.name() + "." + f.name] = f.count;
  root["stats"] = stats;
  // Deterministic by design (the same inputs give the same report): the estimate the memory
  // limit is checked against, not the measured peak (the text summary prints that).
  root["resources"] = {{"memory_estimate_bytes", r.memory_estimate_bytes},
                       {"process_activations", r.sim.activations},
                       {"commands", r.program.commands.size()},
                       {"operators", r.graph.num_ops()}};
  return root.dump(2) + "\n";
}

}  // namespace tessera
