// SystemC shell of the on-chip interconnect: a TLM-2.0 interconnect component between the
// cores' DMA engines (target socket, one binding per core) and the memory side (initiator
// socket: the shared L2 or the DRAM). A request packet crosses the network to its memory port
// before it is forwarded; the response packet crosses back when the memory has answered. Even
// when the memory annotates its completion time up front, the response is sent at that time (a
// timed queue), so links are booked in time order and the requester is told through
// memory_done (the pending protocol).
#pragma once

#include <functional>
#include <queue>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/platform/memory_timing_ext.h"
#include "models/noc/noc_timing.h"

namespace tessera {

class NocModule : public sc_core::sc_module, public MemorySink {
 public:
  SC_HAS_PROCESS(NocModule);
  tlm_utils::multi_passthrough_target_socket<NocModule> from_cores;
  tlm_utils::simple_initiator_socket<NocModule> to_memory;

  NocModule(sc_core::sc_module_name name, NocTiming noc, uint64_t header_bytes, std::function<uint32_t(uint64_t)> port_of);
  const NocTiming& noc() const { return noc_; }
  void memory_done(uint64_t tag, SimTime done) override;

 private:
  struct Pending {
    MemorySink* sink;
    uint64_t tag;
    uint32_t core, port;
    uint64_t bytes;  // response payload
  };
  using Due = std::pair<SimTime, uint32_t>;  // response time, pending slot
  void b_transport(int core, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void respond();  // sends every response that is due
  NocTiming noc_;
  uint64_t header_;
  std::function<uint32_t(uint64_t)> port_of_;
  std::vector<Pending> pending_;
  std::vector<uint32_t> free_;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> due_;
  sc_core::sc_event due_event_;
};

}  // namespace tessera
