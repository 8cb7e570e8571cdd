// TLM-2.0 extension carried by DMA -> memory transactions. Loosely-timed targets whose
// completion is known when they accept a request answer through the annotated delay (the
// simple DRAM). Targets that schedule requests later (the bank-level DRAM's FR-FCFS controller)
// set `pending` and report completion through `sink` when it happens.
#pragma once

#include <tlm>

#include "models/timing/clock.h"

namespace tessera {

class MemorySink {
 public:
  virtual ~MemorySink() = default;
  // Called when the request tagged `tag` has completed at time `done` (>= the current time).
  virtual void memory_done(uint64_t tag, SimTime done) = 0;
};

struct MemoryTimingExt : tlm::tlm_extension<MemoryTimingExt> {
  SimTime accept = 0;         // out: when the request entered the target's queue
  bool pending = false;       // out: completion will arrive through `sink`
  uint32_t source = 0;        // in: requesting core
  MemorySink* sink = nullptr; // in: who to tell when a pending request completes
  uint64_t tag = 0;           // in: the requester's identification of the request
  tlm::tlm_extension_base* clone() const override { return new MemoryTimingExt(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const MemoryTimingExt&>(other);
  }
};

}  // namespace tessera
