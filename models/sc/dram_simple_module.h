// SystemC shell of the simple DRAM: a TLM-2.0 target (loosely timed, with timing annotation)
// over one SimpleDramChannel timing core per channel. Addresses interleave across channels.
#pragma once

#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"
#include "models/sc/dram_observer.h"
#include "models/timing/dram_simple.h"

namespace tessera {

class DramSimpleModule : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<DramSimpleModule> socket;

  DramSimpleModule(sc_core::sc_module_name name, const DramSpec& spec, Clock controller);
  const std::vector<SimpleDramChannel>& channels() const { return channels_; }
  DramObserver on_request;  // packet-level tracing (empty: off)
  uint64_t total_bytes() const;

 private:
  void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  std::vector<SimpleDramChannel> channels_;
  uint64_t interleave_;
};

}  // namespace tessera
