// Timing core of the command sequencer (no SystemC): the Operator IR's dependency DAG. It knows
// which commands are ready, when each started and ended, and when a barrier (an operator launch
// cost, a host dispatch) completes; the SystemC shell hands ready commands to their units' queues
// and completes commands at their times.
#pragma once

#include <cstdint>
#include <vector>

#include "models/spec/operator_ir.h"
#include "models/timing/clock.h"

namespace tessera {

class SequencerTiming {
 public:
  enum class State : uint8_t { Waiting, Ready, Running, Done };

  explicit SequencerTiming(const OperatorProgram& prog);

  // The commands without dependencies, in program order.
  void initial(std::vector<uint32_t>& ready);
  // `cmd` finished at `t`: appends the commands that became ready, in successor order.
  void complete(uint32_t cmd, SimTime t, std::vector<uint32_t>& ready);
  void started(uint32_t cmd, SimTime t) {
    start_[cmd] = t;
    state_[cmd] = State::Running;
  }
  void queued(uint32_t cmd) { state_[cmd] = State::Ready; }
  // When a barrier released at `now` completes: `delay` after it, and not before `not_before`.
  SimTime barrier_end(uint32_t cmd, SimTime now) const;

  uint64_t completed() const { return completed_; }
  bool all_done() const { return completed_ == prog_.commands.size(); }
  SimTime last_completion() const { return last_; }
  const std::vector<SimTime>& start_times() const { return start_; }
  const std::vector<SimTime>& end_times() const { return end_; }
  const std::vector<uint32_t>& remaining_deps() const { return deps_; }
  const std::vector<State>& states() const { return state_; }
  // The first unfinished dependency of `cmd`, or -1.
  int64_t unfinished_dependency(uint32_t cmd) const;

 private:
  const OperatorProgram& prog_;
  std::vector<uint32_t> deps_;
  std::vector<SimTime> start_, end_;
  std::vector<State> state_;
  uint64_t completed_ = 0;
  SimTime last_ = 0;
  mutable std::vector<std::vector<uint32_t>> preds_;  // built on demand (watchdog messages only)
};

}  // namespace tessera
