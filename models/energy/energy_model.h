// Energy and area from event counts (DESIGN.md 'Energy, power, area'):
//   energy = sum over events of (count x energy per event) + sum over blocks of (leakage x time)
// with per-event energies from the technology table (configs/tech/*.yaml). Plain C++.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/spec/chip_spec.h"
#include "models/spec/precision.h"

namespace tessera {

// What the simulation counted; everything the energy depends on.
struct EnergyEvents {
  PerPrecision<uint64_t> macs{};            // by precision: MAC operations executed by PEs
  PerPrecision<uint64_t> vector_ops{};      // by precision: elementary vector operations
  std::vector<uint64_t> buffer_read_bytes;  // per buffer kind (summed over cores)
  std::vector<uint64_t> buffer_write_bytes;
  uint64_t dram_bytes = 0;
  uint64_t l2_bytes = 0;   // bytes read and written in the shared L2's slices
  uint64_t noc_bytes = 0;  // bytes summed over every on-chip network link they crossed
};

struct BlockEnergy {
  std::string block;
  double dynamic_j = 0;
  double leakage_j = 0;
  double leakage_w = 0;
  double area_mm2 = 0;
};

class EnergyModel {
 public:
  EnergyModel(const ChipSpec& chip, const TechSpec& tech);

  double mac_energy(Precision p) const { return mac_[static_cast<size_t>(p)]; }
  double vector_op_energy(Precision p) const { return vop_[static_cast<size_t>(p)]; }
  double buffer_energy_per_byte(size_t buffer) const { return sram_byte_[buffer]; }
  double dram_energy_per_byte() const { return dram_byte_; }
  double l2_energy_per_byte() const { return l2_byte_; }
  double noc_energy_per_byte() const { return noc_byte_; }
  double link_energy_per_bit(const std::string& kind) const {
    auto it = tech_.link_energy_per_bit.find(kind);
    return it == tech_.link_energy_per_bit.end() ? 0 : it->second;
  }

  // Per-block dynamic and leakage energy for a run of `seconds`.
  std::vector<BlockEnergy> evaluate(const EnergyEvents& ev, double seconds) const;
  double total_leakage_w() const;
  double area_mm2() const;

 private:
  const ChipSpec& chip_;
  const TechSpec& tech_;
  PerPrecision<double> mac_{};
  PerPrecision<double> vop_{};
  std::vector<double> sram_byte_;
  double dram_byte_ = 0;
  double pe_area_mm2_ = 0, vector_area_mm2_ = 0;
  std::vector<double> buffer_area_mm2_;
  double l2_byte_ = 0, l2_area_mm2_ = 0, l2_leak_w_ = 0;
  double noc_byte_ = 0;  // per byte per link: wire energy per bit per mm x 8 x hop length
  double leak_per_mm2_ = 0, leak_per_mib_ = 0;
};

// Interpolates SRAM access energy per 64-bit word at `size` bytes (log-log between points,
// clamped to the end slopes' values outside the table).
double sram_energy_per_64b(const std::vector<SramEnergyPoint>& table, uint64_t size);

}  // namespace tessera
