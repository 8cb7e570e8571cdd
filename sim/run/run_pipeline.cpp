#include "sim/run/run_pipeline.h"

#include <algorithm>
#include <cmath>

#include "compiler_frontend/lowering/lowering.h"
#include "compiler_frontend/passes/passes.h"
#include "compiler_frontend/workload.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

Precision run_precision(const RunSpec& spec) {
  const std::string& p = spec.workload.precision == "native" ? spec.hardware.pe_array.native_precision
                                                             : spec.workload.precision;
  return *precision_from_name(p);
}

QuantOptions quant_options(const RunSpec& spec, Precision base) {
  const QuantizationSpec& q = spec.passes.quantization;
  auto pick = [base](const std::string& v) { return v == "native" ? base : *precision_from_name(v); };
  QuantOptions o;
  o.weights = pick(q.weights);
  o.activations = pick(q.activations);
  for (const auto& r : q.rules) {
    QuantRule rule;
    rule.match = r.match;
    rule.op = r.op == "any" ? "" : r.op;
    if (r.weights != "inherit") rule.weights = precision_from_name(r.weights);
    if (r.activations != "inherit") rule.activations = precision_from_name(r.activations);
    o.rules.push_back(rule);
  }
  return o;
}

// Dynamic energy and activity of each layer, from its commands (the same quantities the
// hardware modules count, so the layers sum to the totals).
void account_layers(RunResult& r, const EnergyModel& em) {
  const OperatorProgram& prog = r.program;
  const ChipSpec& chip = r.spec.hardware;
  r.layers.assign(prog.layers.size(), LayerResult{});
  std::vector<bool> seen(prog.layers.size(), false);
  const double pe_hz = chip.pe_clock_hz();
  for (size_t i = 0; i < prog.commands.size(); ++i) {
    const Command& c = prog.commands[i];
    if (c.kind == CmdKind::Barrier || c.layer >= r.layers.size()) continue;
    LayerResult& L = r.layers[c.layer];
    SimTime s = r.sim.cmd_start[i], e = r.sim.cmd_end[i];
    if (!seen[c.layer]) {
      L.start = s;
      L.end = e;
      seen[c.layer] = true;
    } else {
      L.start = std::min(L.start, s);
      L.end = std::max(L.end, e);
    }
    switch (c.kind) {
      case CmdKind::Compute: {
        L.effective_macs += c.macs;
        L.pe_busy_cycles += static_cast<uint64_t>(std::llround(fs_to_seconds(e - s) * pe_hz));
        L.dynamic_energy_j += static_cast<double>(c.macs) * em.mac_energy(c.precision);
        uint64_t a = c.read_bytes / 2;
        L.dynamic_energy_j += static_cast<double>(a) * em.buffer_energy_per_byte(c.read_buffer_a) +
                              static_cast<double>(c.read_bytes - a) * em.buffer_energy_per_byte(c.read_buffer_b) +
                              static_cast<double>(c.write_bytes) * em.buffer_energy_per_byte(c.buffer);
        break;
      }
      case CmdKind::Vector: {
        uint64_t ops = c.bytes * prog.works[c.work].total_ops();
        L.vector_ops += ops;
        L.vector_busy_cycles += static_cast<uint64_t>(std::llround(fs_to_seconds(e - s) * chip.vector_clock_hz()));
        L.dynamic_energy_j += static_cast<double>(ops) * em.vector_op_energy(c.precision) +
                              static_cast<double>(c.read_bytes) * em.buffer_energy_per_byte(c.read_buffer_a) +
                              static_cast<double>(c.write_bytes) * em.buffer_energy_per_byte(c.buffer);
        break;
      }
      case CmdKind::Load:
      case CmdKind::Store:
        L.dram_bytes += c.bytes;
        L.dynamic_energy_j += static_cast<double>(c.bytes) *
                              (em.dram_energy_per_byte() + em.buffer_energy_per_byte(c.buffer));
        break;
      case CmdKind::Barrier:
        break;
    }
  }
  // Per core: PE busy time inside the span of all its commands.
  const size_t ncores = static_cast<size_t>(chip.cores);
  std::vector<SimTime> first(ncores, UINT64_MAX), last(ncores, 0), busy(ncores, 0);
  r.cores.assign(ncores, CoreActivity{});
  for (size_t i = 0; i < prog.commands.size(); ++i) {
    const Command& c = prog.commands[i];
    if (c.kind == CmdKind::Barrier) continue;
    first[c.core] = std::min(first[c.core], r.sim.cmd_start[i]);
    last[c.core] = std::max(last[c.core], r.sim.cmd_end[i]);
    if (c.kind == CmdKind::Compute) {
      busy[c.core] += r.sim.cmd_end[i] - r.sim.cmd_start[i];
      r.cores[c.core].macs += c.macs;
    }
  }
  const double total_cycles = fs_to_seconds(r.sim.end) * pe_hz;
  for (size_t k = 0; k < ncores; ++k) {
    CoreActivity& a = r.cores[k];
    double span = first[k] == UINT64_MAX ? 0 : fs_to_seconds(last[k] - first[k]) * pe_hz;
    a.busy_cycles = static_cast<uint64_t>(std::llround(fs_to_seconds(busy[k]) * pe_hz));
    a.stall_cycles = static_cast<uint64_t>(std::llround(std::max(0.0, span - static_cast<double>(a.busy_cycles))));
    a.idle_cycles = static_cast<uint64_t>(std::llround(std::max(0.0, total_cycles - span)));
  }
  // Exclusive time: how far each layer pushed the end of the run, in program order.
  SimTime frontier = 0;
  const double ref_hz = chip.clock_hz;
  const double dram_bw = chip.dram.bandwidth * static_cast<double>(chip.dram.channels);
  const double leak_w = em.total_leakage_w();
  for (size_t l = 0; l < r.layers.size(); ++l) {
    LayerResult& L = r.layers[l];
    const LayerPlan& P = prog.layers[l];
    SimTime span = L.end - L.start;
    L.cycles = static_cast<uint64_t>(std::ceil(fs_to_seconds(span) * ref_hz - 1e-9));
    SimTime excl = L.end > frontier ? L.end - frontier : 0;
    frontier = std::max(frontier, L.end);
    L.exclusive_s = fs_to_seconds(excl);
    L.energy_j = L.dynamic_energy_j + leak_w * L.exclusive_s;
    double peak = r.peak_macs_per_s;
    L.utilization = span > 0 && peak > 0 ? static_cast<double>(P.macs) / (fs_to_seconds(span) * peak) : 0;
    double t_mem = static_cast<double>(L.dram_bytes) / dram_bw;
    double t_pe = static_cast<double>(P.compute_cycles) / (pe_hz * chip.pe_array.efficiency);
    double t_vec = static_cast<double>(L.vector_busy_cycles) / chip.vector_clock_hz() / static_cast<double>(chip.cores);
    if (P.macs > 0) {
      L.bound = t_pe >= t_mem ? "compute" : "memory";
    } else {
      L.bound = t_vec >= t_mem ? "vector" : "memory";
    }
  }
}

// Roofline time of each operator of a forward graph on the chip (PE-array cycles or DRAM
// traffic, whichever is longer), from a trial lowering: balances pipeline stages by what the
// hardware will spend, not by MACs alone (embeddings and norms cost time without MACs).
const std::vector<double>& forward_time_estimate(const Graph& g, const ChipSpec& chip) {
  static thread_local std::vector<double> cost;
  cost.assign(g.num_ops(), 0);
  OperatorProgram trial = lower_graph(g, chip);
  const double dram_bw = chip.dram.bandwidth * static_cast<double>(chip.dram.channels);
  for (const LayerPlan& L : trial.layers) {
    if (L.op < 0) continue;
    const double pe = static_cast<double>(L.compute_cycles) / (chip.pe_clock_hz() * chip.pe_array.efficiency);
    const double mem = dram_bw > 0 ? static_cast<double>(L.planned_dram_bytes) / dram_bw : 0;
    cost[static_cast<size_t>(L.op)] += std::max(pe, mem);
  }
  return cost;
}

}  // namespace

void compile_workload(const RunSpec& spec, RunResult& out, const ParallelismSpec* parallel) {
  out.spec = spec;
  out.precision = run_precision(spec);
  WorkloadRequest req;
  req.model = spec.workload.model;
  req.params.batch = spec.workload.batch;
  req.params.seq_len = spec.workload.seq_len;
  req.params.precision = out.precision;
  req.skip_unsupported = spec.workload.skip_unsupported;
  for (const auto& s : spec.workload.input_shapes) req.input_shapes.insert(parse_input_shape(s));
  Graph g = load_workload(req);
  out.model_name = g.name;
  const PassSpec& ps = spec.passes;
  const bool training = spec.workload.mode == RunMode::Training;
  PassRecord rec;
  auto record = [&] { out.passes.push_back(rec); };
  g = quantize(g, quant_options(spec, out.precision), &rec);
  record();
  if (ps.fusion) {
    g = recognize_patterns(g, &rec);
    record();
  }
  if (parallel && parallel->tp > 1) {
    TensorParallelOptions tp;
    tp.degree = parallel->tp;
    tp.sequence_parallel = parallel->tp_collective == "reduce_scatter";
    g = shard_tensor_parallel(g, tp, &rec);
    record();
  }
  if (parallel && parallel->pp > 1) {
    g = assign_pipeline_stages(g, parallel->pp, &rec, &forward_time_estimate(g, spec.hardware));
    record();
  }
  if (training) {
    TrainingOptions t;
    t.optimizer = ps.training.optimizer == "adam" ? Optimizer::Adam : Optimizer::SGD;
    t.input_gradients = ps.training.input_gradients;
    g = expand_training(g, t, &rec);
    record();
  }
  if (ps.pruning.sparsity > 0 || ps.pruning.structured == "2:4") {
    PruneOptions p;
    p.sparsity = ps.pruning.sparsity;
    p.two_four = ps.pruning.structured == "2:4";
    p.match = ps.pruning.match;
    p.hw_zero_skipping = spec.hardware.pe_array.zero_skipping;
    p.hw_structured = spec.hardware.pe_array.structured_sparsity;
    g = prune(g, p, &rec);
    record();
  }
  if (ps.attention && spec.hardware.fused_attention && !training) {
    g = fuse_attention(g, &rec);
    record();
  }
  if (ps.fusion) {
    g = fuse_operators(g, &rec, !training);
    record();
  }
  out.graph = std::move(g);
  out.macs = out.graph.total_macs();
  out.program = lower_graph(out.graph, spec.hardware);
}

RunResult execute_run(const LoadedRun& run, const CommandObserver& observer) {
  RunResult r;
  r.resolved = run.resolved;
  compile_workload(run.spec, r);
  simulate_compiled(r, observer);
  return r;
}

void simulate_compiled(RunResult& r, const CommandObserver& observer) {
  const ChipSpec& chip = r.spec.hardware;
  EnergyModel em(chip, r.spec.technology);
  auto rate = chip.pe_array.macs_per_cycle.find(precision_name(r.precision));
  double per_pe = rate == chip.pe_array.macs_per_cycle.end() ? 0 : rate->second;
  r.peak_macs_per_s = static_cast<double>(chip.pe_array.rows * chip.pe_array.cols * chip.pe_array.arrays * chip.cores) *
                      per_pe * chip.pe_clock_hz();
  simulate_chip(chip, r.spec.simulation, r.program, observer, r.sim);
  r.clock_hz = chip.clock_hz;
  r.latency_s = fs_to_seconds(r.sim.end);
  r.cycles = static_cast<uint64_t>(std::ceil(r.latency_s * chip.clock_hz - 1e-9));
  r.energy = em.evaluate(r.sim.events, r.latency_s);
  for (const auto& b : r.energy) {
    r.dynamic_energy_j += b.dynamic_j;
    r.leakage_energy_j += b.leakage_j;
  }
  r.energy_j = r.dynamic_energy_j + r.leakage_energy_j;
  r.area_mm2 = em.area_mm2();
  r.pe_utilization = r.latency_s > 0 && r.peak_macs_per_s > 0
                         ? static_cast<double>(r.macs) / (r.latency_s * r.peak_macs_per_s)
                         : 0;
  account_layers(r, em);
}

}  // namespace tessera
