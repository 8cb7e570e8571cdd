#include "sim/run/run_pipeline.h"

#include <algorithm>
#include <cmath>

#include "compiler_frontend/lowering/lowering.h"
#include "compiler_frontend/passes/passes.h"
#include "compiler_frontend/workload.h"
#include "models/energy/power_model.h"
#include "models/spec/errors.h"
#include "sim/run/memory_estimate.h"
#include "sim/run/run_trace.h"

namespace tessera {

namespace {

Precision run_precision(const RunSpec& spec) {
  const std::string& p = spec.workload.precision == "native"
                             ? spec.hardware.pe_array.native_precision
                             : spec.workload.precision;
  return *precision_from_name(p);
}

QuantOptions quant_options(const RunSpec& spec, Precision base) {
  const QuantizationSpec& q = spec.passes.quantization;
  auto pick = [base](const std::string& v) {
    return v == "native" ? base : *precision_from_name(v);
  };
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

// Dynamic energy of one command, split into on-chip and DRAM parts (the same quantities the
// hardware modules count, so the commands sum to the totals).
// `dram_share`: DRAM bytes of the command's layer per byte its DMA commands moved (an L2 serves
// the rest; write-backs and misses land on the layer whose traffic caused them).
CommandEnergy command_energy(const OperatorProgram& prog, size_t i, const EnergyModel& em,
                             const ChipSimulation& sim, double dram_share) {
  const Command& c = prog.commands[i];
  CommandEnergy ce;
  ce.start = sim.cmd_start[i];
  ce.end = sim.cmd_end[i];
  ce.core = c.core;
  switch (c.kind) {
    case CmdKind::Compute: {
      const uint64_t a = c.read_bytes / 2;
      ce.core_j =
          static_cast<double>(c.macs) * em.mac_energy(c.precision) +
          (static_cast<double>(a) * em.buffer_energy_per_byte(c.read_buffer_a) +
           static_cast<double>(c.read_bytes - a) * em.buffer_energy_per_byte(c.read_buffer_b) +
           static_cast<double>(c.write_bytes) * em.buffer_energy_per_byte(c.buffer));
      ce.core_busy = true;
      break;
    }
    case CmdKind::Vector: {
      const uint64_t ops = c.bytes * prog.works[c.work].total_ops();
      ce.core_j = static_cast<double>(ops) * em.vector_op_energy(c.precision) +
                  static_cast<double>(c.read_bytes) * em.buffer_energy_per_byte(c.read_buffer_a) +
                  static_cast<double>(c.write_bytes) * em.buffer_energy_per_byte(c.buffer);
      ce.core_busy = true;
      break;
    }
    case CmdKind::Load:
    case CmdKind::Store:
      ce.core_j = static_cast<double>(c.bytes) * em.buffer_energy_per_byte(c.buffer);
      ce.dram_j = static_cast<double>(c.bytes) * dram_share * em.dram_energy_per_byte();
      break;
    case CmdKind::Barrier:
      break;
  }
  return ce;
}

// Activity of each layer, from its commands.
void account_layers(RunResult& r, const EnergyModel& em, std::vector<CommandEnergy>& energies) {
  const OperatorProgram& prog = r.program;
  const ChipSpec& chip = r.spec.hardware;
  r.layers.assign(prog.layers.size(), LayerResult{});
  std::vector<bool> seen(prog.layers.size(), false);
  const double pe_hz = chip.pe_clock_hz();
  energies.clear();
  energies.reserve(prog.commands.size());
  const LayerTraffic& traffic = r.sim.traffic;
  std::vector<uint64_t> dma_bytes(prog.layers.size(), 0);
  for (const Command& c : prog.commands)
    if ((c.kind == CmdKind::Load || c.kind == CmdKind::Store) && c.layer < dma_bytes.size())
      dma_bytes[c.layer] += c.bytes;
  std::vector<double> dram_share(prog.layers.size(), 1.0);
  for (size_t l = 0; l < prog.layers.size() && l < traffic.dram_read.size(); ++l)
    if (dma_bytes[l] > 0)
      dram_share[l] = static_cast<double>(traffic.dram_read[l] + traffic.dram_write[l]) /
                      static_cast<double>(dma_bytes[l]);
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
    energies.push_back(command_energy(prog, i, em, r.sim, dram_share[c.layer]));
    L.dynamic_energy_j += energies.back().core_j + energies.back().dram_j;
    switch (c.kind) {
      case CmdKind::Compute:
        L.effective_macs += c.macs;
        L.pe_busy_cycles += static_cast<uint64_t>(std::llround(fs_to_seconds(e - s) * pe_hz));
        break;
      case CmdKind::Vector:
        L.vector_ops += c.bytes * prog.works[c.work].total_ops();
        L.vector_busy_cycles +=
            static_cast<uint64_t>(std::llround(fs_to_seconds(e - s) * chip.vector_clock_hz()));
        break;
      case CmdKind::Load:
      case CmdKind::Store:
        L.dma_bytes += c.bytes;
        break;
      case CmdKind::Barrier:
        break;
    }
  }
  for (size_t l = 0; l < r.layers.size() && l < traffic.dram_read.size(); ++l) {
    r.layers[l].dram_read_bytes = traffic.dram_read[l];
    r.layers[l].dram_write_bytes = traffic.dram_write[l];
    r.layers[l].l2_bytes = traffic.l2[l];
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
    a.stall_cycles = static_cast<uint64_t>(
        std::llround(std::max(0.0, span - static_cast<double>(a.busy_cycles))));
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
    L.utilization =
        span > 0 && peak > 0 ? static_cast<double>(P.macs) / (fs_to_seconds(span) * peak) : 0;
    double t_mem = static_cast<double>(L.dram_bytes()) / dram_bw;
    double t_pe = static_cast<double>(P.compute_cycles) / (pe_hz * chip.pe_array.efficiency);
    double t_vec = static_cast<double>(L.vector_busy_cycles) / chip.vector_clock_hz() /
                   static_cast<double>(chip.cores);
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
    const double pe =
        static_cast<double>(L.compute_cycles) / (chip.pe_clock_hz() * chip.pe_array.efficiency);
    const double mem = dram_bw > 0 ? static_cast<double>(L.planned_dram_bytes) / dram_bw : 0;
    cost[static_cast<size_t>(L.op)] += std::max(pe, mem);
  }
  return cost;
}

// The host feeding inputs: preparing a batch (preprocessing) and sending it (link) come before
// the device can start, so one batch's latency adds them; in steady state the host prepares
// and sends the next batch while the device computes (double buffering), so throughput is
// set by the slower of the two. The link's energy joins the run's energy as a block.
void account_host(RunResult& r, const EnergyModel& em) {
  const HostSpec& h = r.spec.hardware.host;
  const double batch = static_cast<double>(r.spec.workload.batch);
  r.throughput_per_s = r.latency_s > 0 ? batch / r.latency_s : 0;
  if (!h.present()) return;
  uint64_t per_sample = h.bytes_per_sample;
  if (per_sample == 0) {
    uint64_t all = 0;
    for (const Tensor& t : r.graph.tensors())
      if (t.kind == TensorKind::ModelInput) all += t.bytes();
    per_sample = static_cast<uint64_t>(static_cast<double>(all) / batch + 0.5);
  }
  r.host_bytes_per_sample = per_sample;
  const double send = h.link_latency_s + batch * static_cast<double>(per_sample) / h.link_bandwidth;
  const double prepare = h.preprocess_rate > 0 ? batch / h.preprocess_rate : 0;
  r.host_input_s = prepare + send;
  const double host_period = std::max(prepare, send);  // the host's own stages overlap too
  r.input_bound = host_period > r.device_latency_s;
  r.throughput_per_s = batch / std::max(host_period, r.device_latency_s);
  r.input_starved_fraction =
      host_period > 0 ? std::max(0.0, 1 - r.device_latency_s / host_period) : 0;
  r.latency_s = r.device_latency_s + r.host_input_s;
  const double link_j =
      batch * static_cast<double>(per_sample) * 8 * em.link_energy_per_bit(h.link);
  BlockEnergy b{"host_link"};
  b.dynamic_j = link_j;
  r.energy.push_back(b);
  r.dynamic_energy_j += link_j;
  r.energy_j += link_j;
  // The chip leaks while it waits for the input.
  const double leak = em.total_leakage_w() * r.host_input_s;
  r.leakage_energy_j += leak;
  r.energy_j += leak;
}

// What limits the run: the host when inputs arrive slower than the device computes, else the
// busiest of the PE arrays, DRAM and the on-chip network.
std::string run_bound(const RunResult& r) {
  if (r.input_bound) return "host";
  const double T = fs_to_seconds(r.sim.end);
  if (T <= 0) return "compute";
  double pe = 0;
  for (const CoreActivity& c : r.cores) {
    const double total = static_cast<double>(c.busy_cycles + c.stall_cycles + c.idle_cycles);
    if (total > 0) pe = std::max(pe, static_cast<double>(c.busy_cycles) / total);
  }
  double dram = 0;
  const auto channels = r.sim.stats.section("dram");
  for (const StatGroup* d : channels) dram += d->value("busy_s") / T;
  if (!channels.empty()) dram /= static_cast<double>(channels.size());
  double net = 0;
  for (const StatGroup* l : r.sim.stats.section("links"))
    net = std::max(net, l->value("busy_s") / T);
  if (net > pe && net > dram) return "interconnect";
  return dram > pe ? "memory" : "compute";
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
  for (const auto& s : spec.workload.input_shapes) {
    auto shape = parse_input_shape(s);
    if (!req.input_shapes.insert(shape).second)
      throw InputError("input shape '" + s + "': input '" + shape.first + "' is given twice");
  }
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
  // The program is refused while it is being built once it would not fit the memory limit.
  const uint64_t limit = spec.simulation.memory_limit;
  // (When the graph alone exceeds it, the estimate after lowering says so with its numbers.)
  const uint64_t budget = chip_command_budget(limit, out.graph.num_ops());
  out.program = lower_graph(out.graph, spec.hardware, budget > 0 ? budget : UINT64_MAX,
                            chip_budget_reason(limit));
}

RunResult execute_run(const LoadedRun& run, const SimObservers& observers) {
  RunResult r;
  r.resolved = run.resolved;
  compile_workload(run.spec, r);
  simulate_compiled(r, observers);
  return r;
}

RunResult execute_run_traced(const LoadedRun& run, ChipTracer& tracer) {
  RunResult r;
  r.resolved = run.resolved;
  compile_workload(run.spec, r);
  tracer.attach(r.program);
  simulate_compiled(r, tracer.observers());
  tracer.finish(r);
  return r;
}

void simulate_compiled(RunResult& r, const SimObservers& observers) {
  const ChipSpec& chip = r.spec.hardware;
  EnergyModel em(chip, r.spec.technology);
  auto rate = chip.pe_array.macs_per_cycle.find(precision_name(r.precision));
  double per_pe = rate == chip.pe_array.macs_per_cycle.end() ? 0 : rate->second;
  r.peak_macs_per_s = static_cast<double>(chip.pe_array.rows * chip.pe_array.cols *
                                          chip.pe_array.arrays * chip.cores) *
                      per_pe * chip.pe_clock_hz();
  // Refuse up front a program bigger than the memory limit.
  const MemoryEstimate mem = estimate_chip_memory(r.program.commands.size(), r.graph.num_ops());
  r.memory_estimate_bytes = mem.bytes;
  check_memory_limit(mem, r.spec.simulation.memory_limit, "the run");
  simulate_chip(chip, r.spec.simulation, r.program, observers, r.sim);
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
  std::vector<CommandEnergy> energies;
  account_layers(r, em, energies);
  // Power over time and the cap. Under a cap the run takes the throttled time and energy.
  const double full_array_w =
      r.peak_macs_per_s * em.mac_energy(*precision_from_name(chip.pe_array.native_precision));
  r.power = evaluate_power(energies, r.sim.end, chip.cores, chip.clock_hz, em.total_leakage_w(),
                           full_array_w, chip.power, r.spec.technology.nominal_voltage);
  r.unthrottled_latency_s = r.latency_s;
  if (r.power.throttled_s > 0) {
    r.latency_s = r.power.latency_s;
    r.energy_j = r.power.energy_j;
    r.dynamic_energy_j = r.power.dynamic_j;
    r.leakage_energy_j = r.power.leakage_j;
  }
  r.device_latency_s = r.latency_s;
  account_host(r, em);
  r.bound = run_bound(r);
}

}  // namespace tessera
