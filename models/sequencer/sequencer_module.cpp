#include "models/sequencer/sequencer_module.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "models/platform/command_unit.h"
#include "models/platform/sim_time.h"
#include "models/spec/errors.h"

namespace tessera {

SequencerModule::SequencerModule(sc_core::sc_module_name name, const OperatorProgram& prog,
                                 uint16_t cores)
    : sc_core::sc_module(name),
      prog_(prog),
      core_(prog),
      cores_(cores),
      route_(static_cast<size_t>(cores) * kCmdKindCount, nullptr) {
  SC_METHOD(timed_completions);
  sensitive << timed_event_;
  dont_initialize();
}

void SequencerModule::route(uint16_t core, CmdKind kind, CommandUnit* unit) {
  CommandUnit*& slot =
      route_[static_cast<size_t>(core) * kCmdKindCount + static_cast<size_t>(kind)];
  if (slot)
    throw std::logic_error(std::string(cmd_kind_name(kind)) + " commands on core " +
                           std::to_string(core) + " are claimed by both " + slot->label() +
                           " and " + unit->label());
  slot = unit;
}

void SequencerModule::check_routes() const {
  for (uint32_t i = 0; i < prog_.commands.size(); ++i) {
    const Command& c = prog_.commands[i];
    if (c.kind == CmdKind::Barrier) continue;
    if (c.core >= cores_ || !unit_of(c))
      throw InputError("no unit of the hardware executes " + std::string(cmd_kind_name(c.kind)) +
                       " commands on core " + std::to_string(c.core) + " (" + name_of(i) + ")");
  }
}

void SequencerModule::enable_busy_tracking() {
  busy_end_.assign(prog_.commands.size(), 0);
  lane_.assign(prog_.commands.size(), 0);
}

void SequencerModule::start_of_simulation() {
  ready_.clear();
  core_.initial(ready_);
  std::reverse(ready_.begin(), ready_.end());  // release() takes from the back: program order
  release(ready_);
}

void SequencerModule::release(std::vector<uint32_t>& ready) {
  // Hands ready commands to their units; barriers complete at once, which may release more.
  while (!ready.empty()) {
    const uint32_t id = ready.back();
    ready.pop_back();
    const Command& c = prog_.commands[id];
    if (c.kind != CmdKind::Barrier) {
      core_.queued(id);
      unit_of(c)->queue().push(id);
      continue;
    }
    const SimTime now = sc_now_fs();
    const SimTime at = core_.barrier_end(id, now);
    core_.started(id, now);
    if (at > now) {  // a timed barrier (operator launch, host dispatch)
      complete_at(id, at);
      continue;
    }
    core_.complete(id, now, ready);
    if (core_.all_done()) all_done_.notify(sc_core::SC_ZERO_TIME);
  }
}

void SequencerModule::complete(uint32_t cmd, SimTime t) {
  ready_.clear();
  core_.complete(cmd, t, ready_);
  if (core_.all_done()) all_done_.notify(sc_core::SC_ZERO_TIME);
  if (on_complete) {
    const SimTime start = core_.start_times()[cmd];
    on_complete(cmd, start, busy_end_[cmd] ? busy_end_[cmd] : t, t, lane_[cmd]);
  }
  // Successors in successor order; release() takes from the back, so reverse to keep it.
  std::reverse(ready_.begin(), ready_.end());
  release(ready_);
}

void SequencerModule::complete_at(uint32_t cmd, SimTime t) {
  const SimTime now = sc_now_fs();
  if (t <= now) {
    complete(cmd, now);
    return;
  }
  timed_.push({t, cmd});
  timed_event_.notify(fs_to_sc(timed_.top().first - now));
}

void SequencerModule::timed_completions() {
  count_activation();
  const SimTime now = sc_now_fs();
  while (!timed_.empty() && timed_.top().first <= now) {
    const uint32_t cmd = timed_.top().second;
    timed_.pop();
    complete(cmd, now);
  }
  if (!timed_.empty()) timed_event_.notify(fs_to_sc(timed_.top().first - now));
}

std::string SequencerModule::name_of(uint32_t i) const {
  const Command& c = prog_.commands[i];
  return std::string(cmd_kind_name(c.kind)) + " #" + std::to_string(i) + " of layer '" +
         (c.layer < prog_.layers.size() ? prog_.layers[c.layer].name : "?") + "'";
}

std::string SequencerModule::unit_label(const Command& c) const {
  if (c.kind == CmdKind::Barrier) return "sequencer";
  const CommandUnit* u = c.core < cores_ ? unit_of(c) : nullptr;
  return u ? u->label() : "core " + std::to_string(c.core) + " (no unit)";
}

std::string SequencerModule::describe_units() const {
  using State = SequencerTiming::State;
  const auto& st = core_.states();
  std::map<std::string, std::string> by_unit;  // first report per unit
  for (uint32_t i = 0; i < prog_.commands.size(); ++i) {
    if (st[i] != State::Running) continue;
    const std::string u = unit_label(prog_.commands[i]);
    if (!by_unit.count(u))
      by_unit[u] = "runs " + name_of(i) + " since " +
                   std::to_string(fs_to_seconds(core_.start_times()[i]) * 1e6) +
                   " us and it has not finished";
  }
  for (uint32_t i = 0; i < prog_.commands.size(); ++i) {
    if (st[i] == State::Done || st[i] == State::Running) continue;
    const std::string u = unit_label(prog_.commands[i]);
    if (by_unit.count(u)) continue;
    if (st[i] == State::Ready) {
      by_unit[u] = "has " + name_of(i) + " ready but cannot start it (its buffer or queue is full)";
      continue;
    }
    const int64_t d = core_.unfinished_dependency(i);
    if (d >= 0)
      by_unit[u] = "waits: next is " + name_of(i) + ", which depends on unfinished " +
                   name_of(static_cast<uint32_t>(d)) + " on " +
                   unit_label(prog_.commands[static_cast<size_t>(d)]);
  }
  std::string out;
  for (const auto& [u, what] : by_unit) out += (out.empty() ? "" : "; ") + u + " " + what;
  return out;
}

}  // namespace tessera
