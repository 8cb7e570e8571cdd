#include "models/sequencer/sequencer_timing.h"

#include <algorithm>

namespace tessera {

SequencerTiming::SequencerTiming(const OperatorProgram& prog)
    : prog_(prog),
      start_(prog.commands.size(), 0),
      end_(prog.commands.size(), 0),
      state_(prog.commands.size(), State::Waiting) {
  deps_.reserve(prog.commands.size());
  for (const Command& c : prog.commands) deps_.push_back(c.num_deps);
}

void SequencerTiming::initial(std::vector<uint32_t>& ready) {
  for (uint32_t i = 0; i < prog_.commands.size(); ++i)
    if (deps_[i] == 0) ready.push_back(i);
}

void SequencerTiming::complete(uint32_t cmd, SimTime t, std::vector<uint32_t>& ready) {
  end_[cmd] = t;
  last_ = std::max(last_, t);
  state_[cmd] = State::Done;
  ++completed_;
  const Command& c = prog_.commands[cmd];
  for (uint32_t s = c.succ_begin; s < c.succ_begin + c.succ_count; ++s) {
    const uint32_t succ = prog_.successors[s];
    if (--deps_[succ] == 0) ready.push_back(succ);
  }
}

SimTime SequencerTiming::barrier_end(uint32_t cmd, SimTime now) const {
  const Command& c = prog_.commands[cmd];
  return std::max<SimTime>(now, c.not_before) + c.delay;
}

int64_t SequencerTiming::unfinished_dependency(uint32_t cmd) const {
  if (preds_.empty()) {
    preds_.resize(prog_.commands.size());
    for (uint32_t i = 0; i < prog_.commands.size(); ++i) {
      const Command& c = prog_.commands[i];
      for (uint32_t s = c.succ_begin; s < c.succ_begin + c.succ_count; ++s)
        preds_[prog_.successors[s]].push_back(i);
    }
  }
  for (uint32_t d : preds_[cmd])
    if (state_[d] != State::Done) return d;
  return -1;
}

}  // namespace tessera
