// Spec of the off-chip memory device (hardware.dram), shared by every DRAM timing model.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

struct DramSpec {
  std::string preset;      // configs/dram/NAME.yaml applied when loading (see apply_dram_preset)
  std::string technology;  // energy table key
  int64_t channels = 1;
  double bandwidth =
      0;  // bytes/s per channel (simple model); 0: derived from the bank-level preset
  double latency_s = 0;  // unloaded read latency (simple model); 0: derived from the preset
  int64_t queue_depth = 32;
  uint64_t interleave = 256;  // simple model: bytes per channel before the next channel
  double clock_hz = 0;        // DRAM command clock (tCK); 0 = chip clock
  // Bank-level organisation and timings (from a preset in configs/dram/).
  int64_t bus_bits = 0;             // data bus width per channel
  int64_t burst_length = 0;         // beats per burst
  int64_t transfers_per_clock = 2;  // data beats per tCK: 2 for DDR, 4 for HBM3, 8 for LPDDR5 (CK)
  int64_t ranks = 1, bank_groups = 1, banks_per_group = 1, rows = 0;
  uint64_t row_size = 0;                 // bytes per row per channel
  std::map<std::string, double> timing;  // tRCD ... tREFI, in tCK cycles
  std::string page_policy = "open";
  std::string mapping;             // address fields, most significant first
  int64_t controller_latency = 0;  // cycles the controller adds to every access

  bool has_bank_model() const {
    return bus_bits > 0 && burst_length > 0 && rows > 0 && !timing.empty();
  }
  uint64_t burst_bytes() const { return static_cast<uint64_t>(bus_bits / 8 * burst_length); }
};

}  // namespace tessera
