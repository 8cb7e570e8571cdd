// SystemC shell of the bank-level DRAM: a TLM-2.0 target in front of one BankDramTiming timing
// core per channel. b_transport splits a request into bursts, maps each burst to its channel,
// bank and row, waits while that channel's queue is full (back-pressure), and returns at once
// with `pending` set; a controller process advances the timing cores exactly to the next cycle
// on which some channel can issue a command, and reports completed requests to their sinks.
#pragma once

#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "models/dram/dram_observer.h"
#include "models/platform/memory_timing_ext.h"
#include "models/stats/latency_histogram.h"
#include "models/spec/chip_spec.h"
#include "models/timing/clock.h"
#include "models/dram_bank/dram_address_map.h"
#include "models/dram_bank/bank_dram_timing.h"

namespace tessera {

class BankDramModule : public sc_core::sc_module {
 public:
  DramObserver on_request;  // packet-level tracing (empty: off)
  SC_HAS_PROCESS(BankDramModule);
  tlm_utils::multi_passthrough_target_socket<BankDramModule> socket;

  BankDramModule(sc_core::sc_module_name name, const DramSpec& spec);

  const std::vector<BankDramTiming>& channels() const { return channels_; }
  uint64_t channel_bytes(size_t ch, bool write) const { return (write ? write_bytes_ : read_bytes_)[ch]; }
  // Read latency (request arrival to data) of every request, per channel, in DRAM cycles.
  const std::vector<LatencyHistogram>& read_latencies() const { return read_latency_; }  // cycles
  double clock_hz() const { return clock_.hz(); }
  uint64_t total_bytes() const;

 private:
  struct Parent {
    MemorySink* sink = nullptr;
    uint64_t tag = 0;
    uint32_t remaining = 0;
    SimTime arrive = 0;
    uint64_t arrive_cycle = 0;
    bool write = false;
    uint32_t channel = 0;
    uint64_t bytes = 0;
  };
  void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void controller();
  uint32_t new_parent();

  Clock clock_;
  uint64_t controller_latency_;
  DramAddressMap map_;
  uint64_t burst_bytes_;
  std::vector<BankDramTiming> channels_;
  std::vector<Parent> parents_;
  std::vector<uint32_t> free_parents_;
  std::vector<uint64_t> read_bytes_, write_bytes_;
  std::vector<LatencyHistogram> read_latency_;
  std::vector<DramCompletion> done_;
  sc_core::sc_event work_;   // a request arrived
  sc_core::sc_event space_;  // a queue slot freed
};

}  // namespace tessera
