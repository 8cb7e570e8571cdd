// SystemC shell of the simple DRAM: a TLM-2.0 target (loosely timed, with timing annotation)
// over one SimpleDramTiming timing core per channel. Addresses interleave across channels.
#pragma once

#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"
#include "models/dram/dram_observer.h"
#include "models/dram_simple/simple_dram_timing.h"

namespace tessera {

class SimpleDramModule : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<SimpleDramModule> socket;

  SimpleDramModule(sc_core::sc_module_name name, const DramSpec& spec, Clock controller);
  const std::vector<SimpleDramTiming>& channels() const { return channels_; }
  DramObserver on_request;  // packet-level tracing (empty: off)
  uint64_t total_bytes() const;

 private:
  void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  std::vector<SimpleDramTiming> channels_;
  uint64_t interleave_;
};

}  // namespace tessera
