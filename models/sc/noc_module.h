// SystemC shell of the on-chip interconnect: a TLM-2.0 interconnect component between the
// cores' DMA engines (target socket, one binding per core) and the memory side (initiator
// socket: the shared L2 or the DRAM). A request packet crosses the network to its memory port
// before it is forwarded; the response packet crosses back after the memory answers, whether the
// answer is annotated (known time) or reported later (pending).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/sc/memory_timing_ext.h"
#include "models/timing/noc.h"

namespace tessera {

class NocModule : public sc_core::sc_module, public MemorySink {
 public:
  tlm_utils::multi_passthrough_target_socket<NocModule> from_cores;
  tlm_utils::simple_initiator_socket<NocModule> to_memory;

  NocModule(sc_core::sc_module_name name, Noc noc, uint64_t header_bytes, std::function<uint32_t(uint64_t)> port_of);
  const Noc& noc() const { return noc_; }
  void memory_done(uint64_t tag, SimTime done) override;

 private:
  struct Pending {
    MemorySink* sink;
    uint64_t tag;
    uint32_t core, port;
    uint64_t bytes;  // response payload
  };
  void b_transport(int core, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  Noc noc_;
  uint64_t header_;
  std::function<uint32_t(uint64_t)> port_of_;
  std::vector<Pending> pending_;
  std::vector<uint32_t> free_;
};

}  // namespace tessera
