#include "models/energy/energy_model.h"

#include <cmath>

#include "models/spec/errors.h"

namespace tessera {

double sram_energy_per_64b(const std::vector<SramEnergyPoint>& t, uint64_t size) {
  if (t.size() == 1 || size <= t.front().size) return t.front().energy_per_64b;
  size_t i = 1;  // the segment (i-1, i) that holds `size`, or the last one beyond the table
  while (i + 1 < t.size() && size > t[i].size) ++i;
  double x = std::log(static_cast<double>(size));
  double x0 = std::log(static_cast<double>(t[i - 1].size)),
         x1 = std::log(static_cast<double>(t[i].size));
  double y0 = std::log(t[i - 1].energy_per_64b), y1 = std::log(t[i].energy_per_64b);
  return std::exp(y0 + (x - x0) / (x1 - x0) * (y1 - y0));
}

EnergyModel::EnergyModel(const ChipSpec& chip, const TechSpec& tech) : chip_(chip), tech_(tech) {
  for (size_t i = 0; i < kPrecisionCount; ++i) {
    const char* name = precision_name(static_cast<Precision>(i));
    auto m = tech.mac_energy.find(name);
    mac_[i] = m == tech.mac_energy.end() ? 0 : m->second;
    auto v = tech.vector_op_energy.find(name);
    vop_[i] = v == tech.vector_op_energy.end() ? 0 : v->second;
  }
  for (const auto& kv : chip.pe_array.macs_per_cycle)
    if (!tech.mac_energy.count(kv.first))
      throw MappingError("technology " + tech.node + " has no mac_energy for " + kv.first +
                         ", which the PE array supports");
  auto d = tech.dram_energy_per_bit.find(chip.dram.technology);
  if (d == tech.dram_energy_per_bit.end())
    throw MappingError("technology " + tech.node + " has no dram_energy_per_bit for " +
                       chip.dram.technology);
  dram_byte_ = d->second * 8;
  const double mib = 1024.0 * 1024.0;
  for (const auto& b : chip.buffers) {
    // Energy per access depends on the bank's capacity: an access touches one bank.
    uint64_t bank_size = std::max<uint64_t>(1, b.size / static_cast<uint64_t>(b.banks));
    sram_byte_.push_back(sram_energy_per_64b(tech.sram_energy, bank_size) / 8.0);
    buffer_area_mm2_.push_back(static_cast<double>(b.size) / mib * tech.sram_area_mm2_per_mib *
                               static_cast<double>(chip.cores));
  }
  if (chip.l2.present()) {
    const uint64_t slice =
        std::max<uint64_t>(1, chip.l2.size / static_cast<uint64_t>(chip.l2.banks));
    l2_byte_ = sram_energy_per_64b(tech.sram_energy, slice) / 8.0;
    l2_area_mm2_ = static_cast<double>(chip.l2.size) / mib * tech.sram_area_mm2_per_mib;
  }
  auto wire = tech.link_energy_per_bit.find("onchip_wire_per_mm");
  if (wire != tech.link_energy_per_bit.end())
    noc_byte_ = wire->second * 8 * chip.interconnect.wire_length_mm;
  auto native = tech.pe_area_mm2.find(chip.pe_array.native_precision);
  double pe_area = native == tech.pe_area_mm2.end() ? 0 : native->second;
  double pes = static_cast<double>(chip.pe_array.rows * chip.pe_array.cols * chip.pe_array.arrays *
                                   chip.cores);
  pe_area_mm2_ = pe_area * pes;
  // A vector lane is an fp32 ALU with its pipeline registers: about one fp32 PE.
  auto fp32 = tech.pe_area_mm2.find("fp32");
  vector_area_mm2_ = (fp32 == tech.pe_area_mm2.end() ? pe_area : fp32->second) *
                     static_cast<double>(chip.vector_unit.lanes * chip.cores);
  leak_per_mm2_ = tech.leakage_per_mm2;
  leak_per_mib_ = tech.leakage_per_mib_sram;
}

std::vector<BlockEnergy> EnergyModel::evaluate(const EnergyEvents& ev, double seconds) const {
  std::vector<BlockEnergy> out;
  BlockEnergy pe{"pe_array"};
  for (size_t i = 0; i < kPrecisionCount; ++i)
    pe.dynamic_j += static_cast<double>(ev.macs[i]) * mac_[i];
  pe.area_mm2 = pe_area_mm2_;
  pe.leakage_w = pe_area_mm2_ * leak_per_mm2_;
  out.push_back(pe);
  BlockEnergy vec{"vector_unit"};
  for (size_t i = 0; i < kPrecisionCount; ++i)
    vec.dynamic_j += static_cast<double>(ev.vector_ops[i]) * vop_[i];
  vec.area_mm2 = vector_area_mm2_;
  vec.leakage_w = vector_area_mm2_ * leak_per_mm2_;
  out.push_back(vec);
  const double mib = 1024.0 * 1024.0;
  for (size_t b = 0; b < chip_.buffers.size(); ++b) {
    BlockEnergy be{"buffer." + chip_.buffers[b].name};
    uint64_t bytes = (b < ev.buffer_read_bytes.size() ? ev.buffer_read_bytes[b] : 0) +
                     (b < ev.buffer_write_bytes.size() ? ev.buffer_write_bytes[b] : 0);
    be.dynamic_j = static_cast<double>(bytes) * sram_byte_[b];
    be.area_mm2 = buffer_area_mm2_[b];
    be.leakage_w = static_cast<double>(chip_.buffers[b].size) / mib *
                   static_cast<double>(chip_.cores) * leak_per_mib_;
    out.push_back(be);
  }
  if (chip_.l2.present()) {
    BlockEnergy l2{"l2"};
    l2.dynamic_j = static_cast<double>(ev.l2_bytes) * l2_byte_;
    l2.area_mm2 = l2_area_mm2_;
    l2.leakage_w = static_cast<double>(chip_.l2.size) / mib * leak_per_mib_;
    out.push_back(l2);
  }
  if (!chip_.interconnect.type.empty()) {
    BlockEnergy noc{"interconnect"};
    noc.dynamic_j = static_cast<double>(ev.noc_bytes) * noc_byte_;
    out.push_back(noc);
  }
  BlockEnergy dram{"dram"};
  dram.dynamic_j = static_cast<double>(ev.dram_bytes) * dram_byte_;
  out.push_back(dram);  // off-chip: its background power belongs to the memory device, not the chip
  for (auto& b : out) b.leakage_j = b.leakage_w * seconds;
  return out;
}

double EnergyModel::total_leakage_w() const {
  std::vector<BlockEnergy> blocks = evaluate(EnergyEvents{}, 0);
  double w = 0;
  for (const auto& b : blocks) w += b.leakage_w;
  return w;
}

double EnergyModel::area_mm2() const {
  double a = pe_area_mm2_ + vector_area_mm2_ + l2_area_mm2_;
  for (double b : buffer_area_mm2_) a += b;
  return a;
}

}  // namespace tessera
