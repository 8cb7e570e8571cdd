// SystemC shell of the shared L2: a TLM-2.0 target (from the interconnect) and initiator (to
// the DRAM) around the L2Timing timing core. Hits are served by the slice's port after the tag
// latency; read misses fetch their line from DRAM (annotated or pending), write-allocate needs
// no fetch, and dirty victims are written back.
#pragma once

#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/platform/memory_timing_ext.h"
#include "models/l2/l2_timing.h"

namespace tessera {

class L2Module : public sc_core::sc_module, public MemorySink {
 public:
  tlm_utils::simple_target_socket<L2Module> from_noc;
  tlm_utils::simple_initiator_socket<L2Module> to_dram;

  L2Module(sc_core::sc_module_name name, L2Timing cache, uint32_t latency_cycles, Clock clock);
  const L2Timing& cache() const { return cache_; }
  void memory_done(uint64_t tag, SimTime done) override;
  uint64_t dram_read_bytes() const { return dram_read_; }
  uint64_t dram_write_bytes() const { return dram_write_; }

 private:
  struct Request {  // an upstream request waiting for line fills
    MemorySink* sink = nullptr;
    uint64_t tag = 0;
    uint32_t fills = 0;
    SimTime ready = 0;
  };
  struct Fill {
    uint32_t request;
    uint32_t slice;
    uint64_t bytes;
  };
  void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  // Sends a line read or write to DRAM at `t`; returns the completion time, or 0 when pending.
  SimTime dram_access(uint64_t addr, bool write, SimTime t, uint64_t tag);

  L2Timing cache_;
  SimTime latency_;
  Clock clock_;
  std::vector<Request> requests_;
  std::vector<uint32_t> free_requests_;
  std::vector<Fill> fills_;
  std::vector<uint32_t> free_fills_;
  uint64_t dram_read_ = 0, dram_write_ = 0;
  static constexpr uint64_t kWritebackTag = ~uint64_t(0);
};

}  // namespace tessera
