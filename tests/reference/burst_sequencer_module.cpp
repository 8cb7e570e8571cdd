#include "models/sequencer/sequencer_module.h"

#include <algorithm>

#include "models/platform/sim_time.h"

namespace tessera {

SequencerModule::SequencerModule(sc_core::sc_module_name name, const OperatorProgram& prog, int cores)
    : sc_core::sc_module(name),
      prog_(prog),
      pe_(static_cast<size_t>(cores)),
      vec_(static_cast<size_t>(cores)),
      dma_(static_cast<size_t>(cores)),
      start_(prog.commands.size(), 0),
      end_(prog.commands.size(), 0),
      state_(prog.commands.size(), CmdState::Waiting) {
  deps_.reserve(prog.commands.size());
  for (const Command& c : prog.commands) deps_.push_back(c.num_deps);
  SC_METHOD(timed_completions);
  sensitive << timed_event_;
  dont_initialize();
}

void SequencerModule::start_of_simulation() {
  for (uint32_t i = 0; i < prog_.commands.size(); ++i)
    if (deps_[i] == 0) release(i);
}

void SequencerModule::release(uint32_t first) {
  // Hands a ready command to its unit; barriers complete at once, which may release more.
  stack_.push_back(first);
  while (!stack_.empty()) {
    uint32_t id = stack_.back();
    stack_.pop_back();
    const Command& c = prog_.commands[id];
    state_[id] = CmdState::Ready;
    switch (c.kind) {
      case CmdKind::Compute: pe_queue(c.core).push(id); break;
      case CmdKind::Vector: vector_queue(c.core).push(id); break;
      case CmdKind::Load:
      case CmdKind::Store: dma_queue(c.core).push(id); break;
      case CmdKind::Barrier: {
        SimTime now = sc_now_fs();
        const SimTime at = std::max<SimTime>(now, c.not_before) + c.delay;
        if (at > now) {  // a timed barrier (operator launch, host dispatch)
          start_[id] = now;
          state_[id] = CmdState::Running;
          complete_at(id, at);
          break;
        }
        start_[id] = end_[id] = now;
        state_[id] = CmdState::Done;
        count_completion();
        for (uint32_t s = c.succ_begin; s < c.succ_begin + c.succ_count; ++s) {
          uint32_t succ = prog_.successors[s];
          if (--deps_[succ] == 0) stack_.push_back(succ);
        }
        break;
      }
    }
  }
}

void SequencerModule::count_completion() {
  if (++completed_ == prog_.commands.size()) all_done_.notify(sc_core::SC_ZERO_TIME);
}

void SequencerModule::complete(uint32_t cmd, SimTime t) {
  end_[cmd] = t;
  if (t > last_) last_ = t;
  state_[cmd] = CmdState::Done;
  count_completion();
  if (on_complete) on_complete(cmd, start_[cmd], busy_end_[cmd] ? busy_end_[cmd] : t, t, lane_[cmd]);
  const Command& c = prog_.commands[cmd];
  for (uint32_t s = c.succ_begin; s < c.succ_begin + c.succ_count; ++s) {
    uint32_t succ = prog_.successors[s];
    if (--deps_[succ] == 0) release(succ);
  }
}

void SequencerModule::complete_at(uint32_t cmd, SimTime t) {
  SimTime now = sc_now_fs();
  if (t <= now) {
    complete(cmd, now);
    return;
  }
  timed_.push({t, cmd});
  timed_event_.notify(fs_to_sc(timed_.top().first - now));
}

void SequencerModule::timed_completions() {
  SimTime now = sc_now_fs();
  while (!timed_.empty() && timed_.top().first <= now) {
    uint32_t cmd = timed_.top().second;
    timed_.pop();
    complete(cmd, now);
  }
  if (!timed_.empty()) timed_event_.notify(fs_to_sc(timed_.top().first - now));
}

}  // namespace tessera
