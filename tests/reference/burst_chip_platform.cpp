#include "sim/platform/chip_platform.h"

#include <map>
#include <memory>
#include <sstream>

#include <systemc>

#include "models/sequencer/sequencer_module.h"
#include "models/buffer/core_buffers.h"
#include "models/dma/dma_module.h"
#include "models/dram_bank/bank_dram_module.h"
#include "models/dram_simple/simple_dram_module.h"
#include "models/l2/l2_module.h"
#include "models/noc/noc_module.h"
#include "models/dram_bank/dram_address_map.h"
#include "models/dram_bank/bank_dram_config.h"
#include "models/pe_array/pe_array_module.h"
#include "models/platform/sim_time.h"
#include "models/vector_unit/vector_unit_module.h"
#include "models/platform/run_kernel.h"
#include "models/watchdog/watchdog_module.h"
#include "models/spec/errors.h"
#include "sim/run/run_incomplete.h"

namespace tessera {

namespace {

std::string idx(const std::string& base, size_t i) { return base + "[" + std::to_string(i) + "]"; }

std::string describe_stuck(const OperatorProgram& prog, const SequencerModule& seq) {
  // Name a few commands that never ran and what they wait for.
  std::ostringstream os;
  int shown = 0;
  const auto& deps = seq.remaining_deps();
  for (size_t i = 0; i < prog.commands.size() && shown < 3; ++i) {
    if (deps[i] == 0) continue;
    const Command& c = prog.commands[i];
    os << (shown ? "; " : "") << cmd_kind_name(c.kind) << " #" << i << " of layer '"
       << (c.layer < prog.layers.size() ? prog.layers[c.layer].name : "?") << "' on core " << c.core << " waits for "
       << deps[i] << " unfinished dependencies";
    ++shown;
  }
  return os.str();
}

std::string unit_name(const Command& c) {
  const std::string core = "core " + std::to_string(c.core) + " ";
  switch (c.kind) {
    case CmdKind::Compute: return core + "PE array";
    case CmdKind::Vector: return core + "vector unit";
    case CmdKind::Load:
    case CmdKind::Store: return core + "DMA";
    case CmdKind::Barrier: return "sequencer";
  }
  return "?";
}

std::string command_name(const OperatorProgram& prog, uint32_t i) {
  const Command& c = prog.commands[i];
  return std::string(cmd_kind_name(c.kind)) + " #" + std::to_string(i) + " of layer '" +
         (c.layer < prog.layers.size() ? prog.layers[c.layer].name : "?") + "'";
}

// What every unit with unfinished work is doing when the watchdog fires: the command it runs
// (and for how long), or the command it would run next and the unfinished dependency it waits
// for; then the DRAM channels' queues (full queues are how back-pressure deadlocks show).
std::string describe_blocked(const OperatorProgram& prog, const SequencerModule& seq, SimTime now,
                             const BankDramModule* bank) {
  using State = SequencerModule::CmdState;
  const auto& st = seq.states();
  std::vector<std::vector<uint32_t>> preds(prog.commands.size());
  for (uint32_t i = 0; i < prog.commands.size(); ++i) {
    const Command& c = prog.commands[i];
    for (uint32_t s = c.succ_begin; s < c.succ_begin + c.succ_count; ++s) preds[prog.successors[s]].push_back(i);
  }
  std::map<std::string, std::string> by_unit;  // first report per unit
  for (uint32_t i = 0; i < prog.commands.size(); ++i) {
    if (st[i] != State::Running) continue;
    const std::string u = unit_name(prog.commands[i]);
    if (!by_unit.count(u))
      by_unit[u] = "runs " + command_name(prog, i) + " since " + std::to_string(fs_to_seconds(seq.start_times()[i]) * 1e6) +
                   " us and it has not finished";
  }
  for (uint32_t i = 0; i < prog.commands.size(); ++i) {
    if (st[i] == State::Done || st[i] == State::Running) continue;
    const std::string u = unit_name(prog.commands[i]);
    if (by_unit.count(u)) continue;
    if (st[i] == State::Ready) {
      by_unit[u] = "has " + command_name(prog, i) + " ready but cannot start it (its buffer or queue is full)";
      continue;
    }
    for (uint32_t d : preds[i])
      if (st[d] != State::Done) {
        by_unit[u] = "waits: next is " + command_name(prog, i) + ", which depends on unfinished " + command_name(prog, d) +
                     " on " + unit_name(prog.commands[d]);
        break;
      }
  }
  std::string out;
  for (const auto& [u, what] : by_unit) out += (out.empty() ? "" : "; ") + u + " " + what;
  if (bank)
    for (size_t ch = 0; ch < bank->channels().size(); ++ch) {
      const auto& c = bank->channels()[ch];
      out += "; DRAM channel " + std::to_string(ch) + " holds " + std::to_string(c.queued()) + " requests" +
             (c.full() ? " (queue full)" : "") + " after " + std::to_string(c.refreshes()) + " refreshes";
    }
  (void)now;
  return out;
}

void collect_simple_dram(const SimpleDramModule& dram, ChipSimulation& out) {
  out.events.dram_bytes = dram.total_bytes();
  for (size_t ch = 0; ch < dram.channels().size(); ++ch) {
    const SimpleDramTiming& d = dram.channels()[ch];
    DramChannelActivity a;
    a.name = idx("chip.dram.channel", ch);
    a.read_bytes = d.read_bytes();
    a.write_bytes = d.write_bytes();
    a.requests = d.requests();
    a.busy_s = fs_to_seconds(d.busy_time());
    a.queue_wait_s = fs_to_seconds(d.queue_wait());
    a.avg_latency_s = d.requests() ? fs_to_seconds(d.total_latency()) / static_cast<double>(d.requests()) : 0;
    a.p99_latency_s = d.latencies_ps().percentile(0.99) * 1e-12;
    a.peak_queue = d.peak_occupancy();
    out.dram.push_back(a);
  }
}

void collect_bank_dram(const BankDramModule& dram, ChipSimulation& out) {
  out.events.dram_bytes = dram.total_bytes();
  const double tck = 1.0 / dram.clock_hz();
  for (size_t ch = 0; ch < dram.channels().size(); ++ch) {
    const BankDramTiming& d = dram.channels()[ch];
    DramChannelActivity a;
    a.name = idx("chip.dram.channel", ch);
    a.read_bytes = dram.channel_bytes(ch, false);
    a.write_bytes = dram.channel_bytes(ch, true);
    a.requests = d.reads() + d.writes();
    a.busy_s = static_cast<double>(d.data_bus_busy()) * tck;
    const LatencyHistogram& lat = dram.read_latencies()[ch];
    a.avg_latency_s = lat.mean() * tck;
    a.p99_latency_s = lat.percentile(0.99) * tck;
    a.row_hits = d.row_hits();
    a.row_misses = d.row_misses();
    a.row_conflicts = d.row_conflicts();
    uint64_t accesses = a.row_hits + a.row_misses + a.row_conflicts;
    a.row_hit_rate = accesses ? static_cast<double>(a.row_hits) / static_cast<double>(accesses) : 0;
    a.activates = d.activates();
    a.refreshes = d.refreshes();
    a.refresh_stall_cycles = d.refresh_stall_cycles();
    out.dram.push_back(a);
  }
}

// Mesh routers that host the memory ports: the configured list, or spread over the left and right
// edges (where memory controllers sit on real dies).
std::vector<uint32_t> memory_nodes(const InterconnectSpec& ic, uint32_t ports) {
  std::vector<uint32_t> nodes;
  if (ic.type != "mesh") return nodes;
  const uint32_t cols = static_cast<uint32_t>(ic.mesh_cols), rows = static_cast<uint32_t>(ic.mesh_rows);
  std::vector<uint32_t> edge;
  for (uint32_t y = 0; y < rows; ++y) edge.push_back(y * cols);
  if (cols > 1)
    for (uint32_t y = 0; y < rows; ++y) edge.push_back(y * cols + cols - 1);
  for (uint32_t p = 0; p < ports; ++p)
    nodes.push_back(!ic.memory_nodes.empty() ? static_cast<uint32_t>(ic.memory_nodes[p % ic.memory_nodes.size()])
                                            : edge[p % edge.size()]);
  return nodes;
}

}  // namespace

void simulate_chip(const ChipSpec& chip, const SimulationSpec& sim, const OperatorProgram& prog,
                   const SimObservers& observers, ChipSimulation& out) {
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  const int cores = static_cast<int>(chip.cores);
  // Modules live until the process ends: SystemC objects are not torn down after a run.
  auto* seq = new SequencerModule("sequencer", prog, cores);
  if (observers.command) {
    seq->on_complete = observers.command;
    seq->enable_busy_tracking();
  }
  Clock pe_clock = Clock::from_hz(chip.pe_clock_hz());
  Clock vec_clock = Clock::from_hz(chip.vector_clock_hz());
  Clock dma_clock = Clock::from_hz(chip.dma_clock_hz());
  const bool bank = sim.dram == DramFidelity::Bank;
  SimpleDramModule* simple_dram = bank ? nullptr : new SimpleDramModule("dram", chip.dram, Clock::from_hz(chip.dram_clock_hz()));
  BankDramModule* bank_dram = bank ? new BankDramModule("dram", chip.dram) : nullptr;
  if (simple_dram) simple_dram->on_request = observers.dram;
  if (bank_dram) bank_dram->on_request = observers.dram;
  // The memory side seen from the cores: DRAM, optionally behind a shared L2.
  auto bind_to_dram = [&](auto& initiator) {
    if (bank) {
      initiator.bind(bank_dram->socket);
    } else {
      initiator.bind(simple_dram->socket);
    }
  };
  L2Module* l2 = nullptr;
  if (chip.l2.present()) {
    Clock l2_clock = Clock::from_hz(chip.l2.clock_hz > 0 ? chip.l2.clock_hz : chip.clock_hz);
    l2 = new L2Module("l2", L2Timing(chip.l2.size, static_cast<uint32_t>(chip.l2.line), static_cast<uint32_t>(chip.l2.ways),
                                    static_cast<uint32_t>(chip.l2.banks), static_cast<double>(chip.l2.bank_width), l2_clock,
                                    chip.l2.interleave),
                      static_cast<uint32_t>(chip.l2.latency), l2_clock);
    bind_to_dram(l2->to_dram);
  }
  NocModule* noc = nullptr;
  if (chip.interconnect.present()) {
    const InterconnectSpec& ic = chip.interconnect;
    std::function<uint32_t(uint64_t)> port_of;
    uint32_t ports;
    if (l2) {
      ports = static_cast<uint32_t>(chip.l2.banks);
      const uint64_t unit = chip.l2.interleave ? chip.l2.interleave : chip.l2.line;
      const uint64_t banks = static_cast<uint64_t>(chip.l2.banks);
      port_of = [unit, banks](uint64_t a) { return static_cast<uint32_t>((a / unit) % banks); };
    } else if (bank) {
      ports = static_cast<uint32_t>(chip.dram.channels);
      auto map = std::make_shared<DramAddressMap>(chip.dram.mapping, ports, to_dram_organization(chip.dram));
      port_of = [map](uint64_t a) { return map->decode(a).channel; };
    } else {
      ports = static_cast<uint32_t>(chip.dram.channels);
      const uint64_t il = chip.dram.interleave, ch = static_cast<uint64_t>(chip.dram.channels);
      port_of = [il, ch](uint64_t a) { return static_cast<uint32_t>((a / il) % ch); };
    }
    Clock nclk = Clock::from_hz(ic.clock_hz > 0 ? ic.clock_hz : chip.clock_hz);
    NocTiming net(ic.type == "mesh" ? NocTopology::Mesh : NocTopology::Crossbar, static_cast<uint32_t>(chip.cores), ports,
            static_cast<uint32_t>(ic.mesh_cols), static_cast<uint32_t>(ic.mesh_rows), memory_nodes(ic, ports),
            ic.link_width, static_cast<uint32_t>(ic.hop_latency), nclk);
    noc = new NocModule("noc", std::move(net), ic.header, port_of);
    if (l2) {
      noc->to_memory.bind(l2->from_noc);
    } else {
      bind_to_dram(noc->to_memory);
    }
  }
  std::vector<CoreBuffers*> resources;
  std::vector<PeArrayModule*> pes;
  std::vector<VectorUnitModule*> vecs;
  std::vector<DmaModule*> dmas;
  for (int c = 0; c < cores; ++c) {
    auto* res = new CoreBuffers();
    for (const auto& b : chip.buffers) res->buffers.emplace_back(b, Clock::from_hz(chip.buffer_clock_hz(b)));
    resources.push_back(res);
    std::string core = idx("chip.core", static_cast<size_t>(c));
    pes.push_back(new PeArrayModule(idx("pe_array_c", static_cast<size_t>(c)).c_str(), chip.pe_array, pe_clock, prog,
                                    *seq, seq->pe_queue(c), *res, out.stats, core + ".pe_array"));
    out.blocks.push_back({core + ".pe_array", "pe_array", pe_clock.hz(), 0});
    vecs.push_back(new VectorUnitModule(idx("vector_c", static_cast<size_t>(c)).c_str(), chip.vector_unit, vec_clock,
                                        prog, *seq, seq->vector_queue(c), *res, out.stats, core + ".vector_unit"));
    out.blocks.push_back({core + ".vector_unit", "vector_unit", vec_clock.hz(), 0});
    auto* dma = new DmaModule(idx("dma_c", static_cast<size_t>(c)).c_str(), chip.dma, dma_clock,
                                    seconds_to_fs(sim.dma_quantum_s), static_cast<uint16_t>(c), prog, *seq,
                                    seq->dma_queue(c), *res, out.stats, core + ".dma");
    if (noc) {
      dma->socket.bind(noc->from_cores);
    } else if (l2) {
      dma->socket.bind(l2->from_noc);
    } else {
      bind_to_dram(dma->socket);
    }
    dmas.push_back(dma);
    out.blocks.push_back({core + ".dma", "dma", dma_clock.hz(), 0});
  }

  WatchdogModule* watchdog = nullptr;
  if (sim.watchdog_cycles > 0 || sim.max_wall_s > 0)
    watchdog = new WatchdogModule("watchdog", *seq, prog.commands.size(), Clock::from_hz(chip.clock_hz),
                                  static_cast<uint64_t>(sim.watchdog_cycles), sim.max_wall_s, run_clock_start());

  run_kernel();

  if (watchdog && watchdog->outcome() == WatchdogModule::Outcome::NoProgress)
    throw ModelError("chip", fs_to_seconds(sc_now_fs()),
                     "no progress: no command finished for " + std::to_string(watchdog->stalled_cycles()) +
                         " cycles (simulation.watchdog_cycles) while " +
                         std::to_string(prog.commands.size() - seq->completed()) + " of " +
                         std::to_string(prog.commands.size()) + " commands are outstanding: " +
                         describe_blocked(prog, *seq, sc_now_fs(), bank_dram));
  if (watchdog && watchdog->outcome() == WatchdogModule::Outcome::WallLimit) {
    RunProgress p;
    p.where = "chip";
    p.simulated_s = fs_to_seconds(sc_now_fs());
    p.wall_limit_s = sim.max_wall_s;
    p.done = seq->completed();
    p.total = prog.commands.size();
    std::vector<uint64_t> left(prog.layers.size(), 0);
    std::vector<SimTime> end(prog.layers.size(), 0);
    for (size_t i = 0; i < prog.commands.size(); ++i) {
      const Command& c = prog.commands[i];
      if (c.layer >= prog.layers.size()) continue;
      if (seq->states()[i] != SequencerModule::CmdState::Done) ++left[c.layer];
      end[c.layer] = std::max(end[c.layer], seq->end_times()[i]);
    }
    for (size_t l = 0; l < prog.layers.size(); ++l)
      if (left[l] == 0) p.layers_done.push_back({prog.layers[l].name, fs_to_seconds(end[l])});
    throw RunIncomplete(p);
  }
  if (seq->completed() != prog.commands.size())
    throw ModelError("chip", fs_to_seconds(sc_now_fs()),
                     "deadlock: " + std::to_string(prog.commands.size() - seq->completed()) +
                         " commands never ran (" + describe_stuck(prog, *seq) + ")");
  out.end = seq->last_completion();
  out.cmd_start = seq->start_times();
  out.cmd_end = seq->end_times();

  // Energy events and per-block activity.
  size_t bi = 0;
  for (size_t c = 0; c < static_cast<size_t>(cores); ++c) {
    for (size_t p = 0; p < 6; ++p) {
      out.events.macs[p] += pes[c]->macs_by_precision[p];
      out.events.vector_ops[p] += vecs[c]->ops_by_precision[p];
    }
    out.blocks[bi++].busy_cycles = pes[c]->busy_cycles();
    out.blocks[bi++].busy_cycles = vecs[c]->busy_cycles();
    out.blocks[bi++].busy_cycles = dmas[c]->busy_cycles();
  }
  out.events.buffer_read_bytes.assign(chip.buffers.size(), 0);
  out.events.buffer_write_bytes.assign(chip.buffers.size(), 0);
  for (auto* res : resources)
    for (size_t b = 0; b < res->buffers.size(); ++b) {
      out.events.buffer_read_bytes[b] += res->buffers[b].read_bytes();
      out.events.buffer_write_bytes[b] += res->buffers[b].write_bytes();
    }
  for (size_t b = 0; b < chip.buffers.size(); ++b) {
    Clock bc = Clock::from_hz(chip.buffer_clock_hz(chip.buffers[b]));
    uint64_t busy = 0;
    for (auto* res : resources) busy += res->buffers[b].busy_time() / bc.period;
    out.blocks.push_back({"chip.buffer." + chip.buffers[b].name, "buffer", bc.hz(), busy});
  }
  if (bank) {
    collect_bank_dram(*bank_dram, out);
  } else {
    collect_simple_dram(*simple_dram, out);
  }
  if (noc) {
    for (const NocLink& l : noc->noc().links()) {
      out.links.push_back({l.name(), l.bytes(), l.packets(), fs_to_seconds(l.busy()), l.stall() / l.clock().period,
                           l.peak_queue(), l.clock().hz()});
      out.events.noc_bytes += l.bytes();
    }
  }
  if (l2) {
    out.l2.present = true;
    out.events.l2_bytes = (l2->cache().hits() + l2->cache().misses() + l2->cache().writebacks()) * chip.l2.line;
    out.l2.hits = l2->cache().hits();
    out.l2.misses = l2->cache().misses();
    out.l2.writebacks = l2->cache().writebacks();
    out.l2.dram_read_bytes = l2->dram_read_bytes();
    out.l2.dram_write_bytes = l2->dram_write_bytes();
  }
  out.layer_dram_bytes.assign(prog.layers.size(), 0);
  for (auto* dma : dmas)
    for (size_t l = 0; l < prog.layers.size(); ++l) out.layer_dram_bytes[l] += dma->layer_bytes[l];
}

}  // namespace tessera
