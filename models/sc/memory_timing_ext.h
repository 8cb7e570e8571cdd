// TLM-2.0 extension carried by DMA -> memory transactions: the memory writes back when the
// request was accepted into its queue (back-pressure) next to the annotated completion delay.
#pragma once

#include <tlm>

#include "models/timing/clock.h"

namespace tessera {

struct MemoryTimingExt : tlm::tlm_extension<MemoryTimingExt> {
  SimTime accept = 0;
  uint32_t source = 0;  // requesting core
  tlm::tlm_extension_base* clone() const override { return new MemoryTimingExt(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const MemoryTimingExt&>(other);
  }
};

}  // namespace tessera
