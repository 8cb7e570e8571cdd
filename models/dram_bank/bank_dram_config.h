// Converts a DramSpec (config) into the bank-level timing core's parameters, and derives the
// simple model's bandwidth and latency from the same preset so both fidelity levels agree.
#pragma once

#include "models/dram_bank/bank_dram_timing.h"
#include "models/spec/chip_spec.h"

namespace tessera {

inline DramTimings to_dram_timings(const DramSpec& d) {
  auto g = [&](const char* k) {
    auto it = d.timing.find(k);
    return it == d.timing.end() ? 0u : static_cast<uint32_t>(it->second);
  };
  DramTimings t;
  t.tRCD = g("tRCD"), t.tRP = g("tRP"), t.tCL = g("tCL"), t.tCWL = g("tCWL"), t.tRAS = g("tRAS"),
  t.tRC = g("tRC");
  t.tCCD_S = g("tCCD_S"), t.tCCD_L = g("tCCD_L"), t.tRRD_S = g("tRRD_S"), t.tRRD_L = g("tRRD_L"),
  t.tFAW = g("tFAW");
  t.tWR = g("tWR"), t.tWTR_S = g("tWTR_S"), t.tWTR_L = g("tWTR_L"), t.tRTP = g("tRTP"),
  t.tRFC = g("tRFC");
  t.tREFI = g("tREFI");
  t.burst_cycles = static_cast<uint32_t>(d.burst_length / d.transfers_per_clock);
  return t;
}

inline DramOrganization to_dram_organization(const DramSpec& d) {
  DramOrganization o;
  o.ranks = static_cast<uint32_t>(d.ranks);
  o.bank_groups = static_cast<uint32_t>(d.bank_groups);
  o.banks_per_group = static_cast<uint32_t>(d.banks_per_group);
  o.rows = static_cast<uint64_t>(d.rows);
  o.burst_bytes = static_cast<uint32_t>(d.burst_bytes());
  o.columns = static_cast<uint32_t>(d.row_size / d.burst_bytes());
  return o;
}

// Peak bandwidth per channel: transfers_per_clock beats of bus_bits per clock.
inline double dram_peak_bandwidth(const DramSpec& d) {
  return d.clock_hz * static_cast<double>(d.transfers_per_clock) * static_cast<double>(d.bus_bits) /
         8.0;
}

// Unloaded read latency of a closed bank: ACT, tRCD, RD, tCL, burst, plus the controller.
inline double dram_unloaded_latency(const DramSpec& d) {
  DramTimings t = to_dram_timings(d);
  return static_cast<double>(t.tRCD + t.tCL + t.burst_cycles +
                             static_cast<uint32_t>(d.controller_latency)) /
         d.clock_hz;
}

}  // namespace tessera
