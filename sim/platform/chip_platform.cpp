#include "sim/platform/chip_platform.h"

#include <systemc>

#include "models/buffer/core_buffers.h"
#include "models/platform/block_registry.h"
#include "models/platform/command_unit.h"
#include "models/platform/platform_context.h"
#include "models/platform/run_kernel.h"
#include "models/platform/sim_time.h"
#include "models/sequencer/sequencer_module.h"
#include "models/spec/errors.h"
#include "models/watchdog/watchdog_module.h"
#include "sim/run/run_incomplete.h"

namespace tessera {

namespace {

// Memory levels from the outermost (the DRAM) inward, each in front of the one behind it; returns
// the level the cores' DMA engines send to.
MemoryTarget* build_memory_levels(PlatformContext& ctx) {
  const BlockRegistry& reg = BlockRegistry::instance();
  std::vector<const BlockSection*> levels = reg.sections_of(BlockRole::MemoryLevel);
  MemoryTarget* next = nullptr;
  for (auto it = levels.rbegin(); it != levels.rend(); ++it) {
    const BlockConfig* b = ctx.chip().block((*it)->name);
    if (!b) continue;
    if (!b->type->build_memory)
      throw InputError("hardware." + (*it)->name + ".type '" + b->type_name() +
                       "' has no SystemC shell in this build");
    next = b->type->build_memory(ctx, next, *b);
  }
  if (!next) throw InputError("hardware has no memory level (hardware.dram)");
  return next;
}

void build_units(PlatformContext& ctx) {
  const std::vector<const BlockSection*> units =
      BlockRegistry::instance().sections_of(BlockRole::CoreUnit);
  for (uint16_t core = 0; core < ctx.cores(); ++core)
    for (const BlockSection* s : units) {
      const BlockConfig* b = ctx.chip().block(s->name);
      if (!b) continue;
      if (!b->type->build_unit)
        throw InputError("hardware." + s->name + ".type '" + b->type_name() +
                         "' has no SystemC shell in this build");
      b->type->build_unit(ctx, core, *b);
    }
}

std::string blocked_report(const SequencerModule& seq, const PlatformContext& ctx, SimTime now) {
  std::string out = seq.describe_units();
  std::vector<std::string> lines;
  for (const Block* b : ctx.blocks()) b->describe_blocked(now, lines);
  for (const auto& l : lines) out += (out.empty() ? "" : "; ") + l;
  return out;
}

[[noreturn]] void stop_incomplete(const SequencerModule& seq, const OperatorProgram& prog,
                                  double max_wall_s) {
  RunProgress p;
  p.where = "chip";
  p.simulated_s = fs_to_seconds(sc_now_fs());
  p.wall_limit_s = max_wall_s;
  p.done = seq.completed();
  p.total = prog.commands.size();
  std::vector<uint64_t> left(prog.layers.size(), 0);
  std::vector<SimTime> end(prog.layers.size(), 0);
  const SequencerTiming& t = seq.timing();
  for (size_t i = 0; i < prog.commands.size(); ++i) {
    const Command& c = prog.commands[i];
    if (c.layer >= prog.layers.size()) continue;
    if (t.states()[i] != SequencerTiming::State::Done) ++left[c.layer];
    end[c.layer] = std::max(end[c.layer], t.end_times()[i]);
  }
  for (size_t l = 0; l < prog.layers.size(); ++l)
    if (left[l] == 0) p.layers_done.push_back({prog.layers[l].name, fs_to_seconds(end[l])});
  throw RunIncomplete(p);
}

}  // namespace

void simulate_chip(const ChipSpec& chip, const SimulationSpec& sim, const OperatorProgram& prog,
                   const SimObservers& observers, ChipSimulation& out) {
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  const uint16_t cores = static_cast<uint16_t>(chip.cores);
  // Modules live until the process ends: SystemC objects are not torn down after a run.
  auto* seq = new SequencerModule("sequencer", prog, cores);
  if (observers.command) {
    seq->on_complete = observers.command;
    seq->enable_busy_tracking();
  }
  out.traffic.resize(prog.layers.size());
  auto* buffers = new BufferBank(chip);
  PlatformOptions options;
  options.dma_quantum = seconds_to_fs(sim.dma_quantum_s);
  options.dram_observer = observers.dram;
  auto* ctx =
      new PlatformContext(chip, prog, options, out.stats, out.traffic, *seq, buffers->cores());
  ctx->set_memory(build_memory_levels(*ctx));
  build_units(*ctx);
  buffers->register_stats(out.stats);  // after the units: report.json lists the units first
  ctx->add_block(buffers);
  seq->check_routes();

  WatchdogModule* watchdog = nullptr;
  if (sim.watchdog_cycles > 0 || sim.max_wall_s > 0)
    watchdog = new WatchdogModule(
        "watchdog", *seq, prog.commands.size(), Clock::from_hz(chip.clock_hz),
        static_cast<uint64_t>(sim.watchdog_cycles), sim.max_wall_s, run_clock_start());

  const uint64_t activations_before = process_activations();
  run_kernel();
  out.activations = process_activations() - activations_before;

  if (watchdog && watchdog->outcome() == WatchdogModule::Outcome::NoProgress)
    throw ModelError("chip", fs_to_seconds(sc_now_fs()),
                     "no progress: no command finished for " +
                         std::to_string(watchdog->stalled_cycles()) +
                         " cycles (simulation.watchdog_cycles) while " +
                         std::to_string(prog.commands.size() - seq->completed()) + " of " +
                         std::to_string(prog.commands.size()) +
                         " commands are outstanding: " + blocked_report(*seq, *ctx, sc_now_fs()));
  if (watchdog && watchdog->outcome() == WatchdogModule::Outcome::WallLimit)
    stop_incomplete(*seq, prog, sim.max_wall_s);
  if (seq->completed() != prog.commands.size())
    throw ModelError("chip", fs_to_seconds(sc_now_fs()),
                     "deadlock: " + std::to_string(prog.commands.size() - seq->completed()) +
                         " commands never ran (" + blocked_report(*seq, *ctx, sc_now_fs()) + ")");
  out.end = seq->timing().last_completion();
  out.cmd_start = seq->timing().start_times();
  out.cmd_end = seq->timing().end_times();
  for (Block* b : ctx->blocks()) b->finish(out.end);
  for (const Block* b : ctx->blocks()) b->add_energy(out.events);
}

}  // namespace tessera
