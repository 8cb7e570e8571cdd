// Commands ready to run on one unit, lowest command id (program order) first, with the event
// that wakes the unit's thread when work arrives.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <systemc>
#include <vector>

#include "models/platform/sim_time.h"

namespace tessera {

class ReadyQueue {
 public:
  void push(uint32_t cmd) {
    q_.push(cmd);
    event.notify(sc_core::SC_ZERO_TIME);
  }
  bool empty() const { return q_.empty(); }
  size_t size() const { return q_.size(); }
  uint32_t pop() {
    uint32_t c = q_.top();
    q_.pop();
    return c;
  }
  uint32_t peek() const { return q_.top(); }
  // Blocks the calling thread until a command is ready, then takes it.
  uint32_t take() {
    while (q_.empty()) wait_event(event);
    return pop();
  }
  sc_core::sc_event event;

 private:
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<uint32_t>> q_;
};

}  // namespace tessera
