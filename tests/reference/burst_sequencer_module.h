// The chip's command processor: holds the Operator IR DAG, hands each command to its unit's
// ready queue when its dependencies are done, and records when every command ran. Barriers
// complete on the spot. Units report completion either now (complete) or at a known future time
// (complete_at, used by the DMA whose requests are still in flight).
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include <systemc>

#include "models/sequencer/ready_queue.h"
#include "models/spec/operator_ir.h"
#include "models/timing/clock.h"

namespace tessera {

class SequencerModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(SequencerModule);
  SequencerModule(sc_core::sc_module_name name, const OperatorProgram& prog, int cores);

  ReadyQueue& pe_queue(int core) { return pe_[static_cast<size_t>(core)]; }
  ReadyQueue& vector_queue(int core) { return vec_[static_cast<size_t>(core)]; }
  ReadyQueue& dma_queue(int core) { return dma_[static_cast<size_t>(core)]; }

  void started(uint32_t cmd, SimTime t) {
    start_[cmd] = t;
    state_[cmd] = CmdState::Running;
  }
  // The unit's own busy time ended at t (before stalls on buffers or outstanding memory
  // requests), on lane `lane` of the unit (DMA channel). Only kept for observers (traces).
  void busy_until(uint32_t cmd, SimTime t, uint8_t lane = 0) {
    if (!on_complete) return;
    busy_end_[cmd] = t;
    lane_[cmd] = lane;
  }
  void complete(uint32_t cmd, SimTime t);
  void complete_at(uint32_t cmd, SimTime t);

  const std::vector<SimTime>& start_times() const { return start_; }
  const std::vector<SimTime>& end_times() const { return end_; }
  uint64_t completed() const { return completed_; }
  SimTime last_completion() const { return last_; }
  const std::vector<uint32_t>& remaining_deps() const { return deps_; }
  // Where each command is: waiting for dependencies, ready in its unit's queue, running, done
  // (for the watchdog's account of what is blocked).
  enum class CmdState : uint8_t { Waiting, Ready, Running, Done };
  const std::vector<CmdState>& states() const { return state_; }
  // Notified when the last command completes.
  const sc_core::sc_event& all_done() const { return all_done_; }
  // Optional observer called on every completion (trace writers); null when tracing is off.
  // Arguments: command, start, end of the unit's busy part, end, lane (DMA channel).
  std::function<void(uint32_t cmd, SimTime start, SimTime busy_end, SimTime end, uint8_t lane)> on_complete;
  void enable_busy_tracking() {
    busy_end_.assign(prog_.commands.size(), 0);
    lane_.assign(prog_.commands.size(), 0);
  }

 private:
  void start_of_simulation() override;
  void timed_completions();
  void release(uint32_t cmd);

  const OperatorProgram& prog_;
  std::vector<ReadyQueue> pe_, vec_, dma_;
  std::vector<uint32_t> deps_;
  std::vector<SimTime> start_, end_;
  std::vector<SimTime> busy_end_;  // tracing only
  std::vector<uint8_t> lane_;
  void count_completion();
  std::vector<CmdState> state_;
  sc_core::sc_event all_done_;
  uint64_t completed_ = 0;
  SimTime last_ = 0;
  using Timed = std::pair<SimTime, uint32_t>;
  std::priority_queue<Timed, std::vector<Timed>, std::greater<Timed>> timed_;
  sc_core::sc_event timed_event_;
  std::vector<uint32_t> stack_;
};

}  // namespace tessera
