#include "sim/config/hardware_schema.h"

#include <limits>

#include "models/buffer/buffer_schema.h"
#include "models/dma/dma_schema.h"
#include "models/dram/dram_schema.h"
#include "models/l2/l2_schema.h"
#include "models/noc/noc_schema.h"
#include "models/pe_array/pe_array_schema.h"
#include "models/platform/block_registry.h"
#include "models/spec/precision.h"
#include "models/vector_unit/vector_unit_schema.h"

namespace tessera {
namespace {

// hardware.<key> as a block section: its `type:` picks a registered block, whose common keys fill
// the chip's typed spec (every consumer reads that) and whose own keys stay with its BlockConfig.
template <class S>
Schema<ChipSpec>::Parser block_parser(const std::string& key, S ChipSpec::*member,
                                      const Schema<S>& common) {
  return [key, member, &common](ChipSpec& chip, ConfigNode& n, const std::string& path) {
    auto parsed = parse_block_section(n, path, key, common);
    chip.*member = std::move(parsed.first);
    chip.blocks[key] = parsed.second;
  };
}

}  // namespace

const Schema<ChipSpec>& chip_schema() {
  static const Schema<ChipSpec> s = [] {
    Schema<ChipSpec> s("hardware", "One accelerator chip");
    s.text("name", &ChipSpec::name, "", "chip name shown in reports")
        .quantity("clock", &ChipSpec::clock_hz, Quantity::Frequency, "", 0, kMaxClock, false,
                  "reference clock; reported cycles count this clock")
        .integer("cores", &ChipSpec::cores, "1", 1, 65536, "",
                 "cores (each with its PE arrays, vector unit and buffers)")
        .flag("fused_attention", &ChipSpec::fused_attention, "false",
              "the chip runs attention as one fused operator (FlashAttention-style tiles, scores "
              "kept on chip)")
        .custom("pe_array", "section", "", "the PE arrays of each core",
                block_parser("pe_array", &ChipSpec::pe_array, pe_array_schema()),
                &pe_array_schema())
        .custom("vector_unit", "section", "{}", "the vector unit of each core",
                block_parser("vector_unit", &ChipSpec::vector_unit, vector_unit_schema()),
                &vector_unit_schema())
        .list("buffers", &ChipSpec::buffers, buffer_schema(), "", "on-chip buffers")
        .custom("dma", "section", "{}", "the DMA engine of each core",
                block_parser("dma", &ChipSpec::dma, dma_schema()), &dma_schema())
        .custom("dram", "section", "", "off-chip memory",
                block_parser("dram", &ChipSpec::dram, dram_schema()), &dram_schema())
        .custom("interconnect", "section", kNoDefault,
                "on-chip network between cores and memory (absent: ideal)",
                block_parser("interconnect", &ChipSpec::interconnect, interconnect_schema()),
                &interconnect_schema())
        .custom("l2", "section", kNoDefault, "shared L2 / global buffer (absent: none)",
                block_parser("l2", &ChipSpec::l2, l2_schema()), &l2_schema())
        .section("power", &ChipSpec::power, power_schema(), "{}",
                 "power cap and voltage-frequency table")
        .section("host", &ChipSpec::host, host_schema(), kNoDefault,
                 "the host feeding inputs (absent: none)")
        .section("runtime", &ChipSpec::runtime, runtime_schema(), "{}",
                 "ahead-of-time or JIT dispatch")
        .check([](const ChipSpec& c, const ConfigNode& n, const std::string& path) {
          if (c.buffers.empty()) fail_key(n, path, "buffers", "at least one buffer is needed");
          for (const char* role : {"inputs", "weights", "outputs"}) {
            int holders = 0;
            for (const auto& b : c.buffers)
              for (const auto& h : b.holds) holders += h == role;
            if (holders != 1)
              fail_key(n, path, "buffers",
                       std::string("exactly one buffer must hold ") + role + " (found " +
                           std::to_string(holders) + ")");
          }
          const InterconnectSpec& ic = c.interconnect;
          if (ic.type == "mesh") {
            const ConfigNode& icn = key_node(n, "interconnect");
            if (ic.mesh_cols * ic.mesh_rows != c.cores)
              fail_key(icn, join_key(path, "interconnect"), "mesh_cols",
                       "a " + std::to_string(ic.mesh_cols) + " x " + std::to_string(ic.mesh_rows) +
                           " mesh has " + std::to_string(ic.mesh_cols * ic.mesh_rows) +
                           " routers but hardware.cores is " + std::to_string(c.cores));
            for (int64_t node : ic.memory_nodes)
              if (node < 0 || node >= c.cores)
                fail_key(icn, join_key(path, "interconnect"), "memory_nodes",
                         "router " + std::to_string(node) + " is outside the mesh");
          }
          // Only a bank-level DRAM has a burst size (a simple one has none: never divide by it).
          const uint64_t burst = c.dram.has_bank_model() ? c.dram.burst_bytes() : 0;
          if (c.l2.present() && burst > 0 && c.l2.line % burst)
            fail_key(key_node(n, "l2"), join_key(path, "l2"), "line",
                     "must be a whole number of DRAM bursts");
          for (size_t i = 0; i < c.buffers.size(); ++i)
            for (size_t j = 0; j < i; ++j)
              if (c.buffers[i].name == c.buffers[j].name)
                fail_key(n, path, "buffers." + std::to_string(i) + ".name",
                         "duplicate buffer name '" + c.buffers[i].name + "'");
        });
    return s;
  }();
  return s;
}

const Schema<SramEnergyPoint>& sram_point_schema() {
  static const Schema<SramEnergyPoint> s = [] {
    Schema<SramEnergyPoint> s("sram_energy_point", "SRAM access energy at one capacity");
    s.bytes("size", &SramEnergyPoint::size, "", 1, kMaxBytes, "SRAM capacity")
        .quantity("energy_per_64b", &SramEnergyPoint::energy_per_64b, Quantity::Energy, "", 0, 1e-6,
                  false, "energy of one 64-bit access");
    return s;
  }();
  return s;
}

const Schema<TechSpec>& tech_schema() {
  static const Schema<TechSpec> s = [] {
    static const Quantity energy = Quantity::Energy;
    static const Quantity power = Quantity::Power;
    static const Quantity area = Quantity::Area;
    static const std::vector<std::string> drams = {"ddr4", "lpddr4x", "lpddr5", "hbm2e", "hbm3"};
    Schema<TechSpec> s("technology",
                       "Energy, leakage and area figures of a process node (configs/tech)");
    s.text("node", &TechSpec::node, "", "process node name, e.g. 45nm")
        .table("mac_energy", &TechSpec::mac_energy, precision_names(), &energy, 0, 1e-6, "",
               "energy of one multiply-accumulate, by precision")
        .table("vector_op_energy", &TechSpec::vector_op_energy, precision_names(), &energy, 0, 1e-6,
               "", "energy of one elementary vector op (add class), by precision")
        .list("sram_energy", &TechSpec::sram_energy, sram_point_schema(), "",
              "SRAM access energy by capacity, interpolated log-log")
        .table("dram_energy_per_bit", &TechSpec::dram_energy_per_bit, drams, &energy, 0, 1e-6, "",
               "DRAM access energy per bit, by technology")
        .quantity("leakage_per_mm2", &TechSpec::leakage_per_mm2, Quantity::Power, "", 0, 1e3, true,
                  "leakage power per mm^2 of logic")
        .quantity("leakage_per_mib_sram", &TechSpec::leakage_per_mib_sram, Quantity::Power, "", 0,
                  1e3, true, "leakage power per MiB of SRAM")
        .table("pe_area", &TechSpec::pe_area_mm2, precision_names(), &area, 0, 1e3, "",
               "area of one PE (MAC plus registers), by precision")
        .quantity("sram_area_per_mib", &TechSpec::sram_area_mm2_per_mib, Quantity::Area, "", 0, 1e4,
                  false, "area of one MiB of SRAM including periphery")
        .quantity(
            "nominal_voltage", &TechSpec::nominal_voltage, Quantity::Voltage, "", 0.1, 5, false,
            "supply voltage the energies are quoted at (dynamic energy scales with its square)")
        .table("link_energy_per_bit", &TechSpec::link_energy_per_bit,
               {"onchip_wire_per_mm", "serdes", "nvlink", "pcie"}, &energy, 0, 1e-6, "",
               "energy per bit moved: on-chip wire per mm, off-package SerDes, NVLink-class, PCIe")
        .check([](const TechSpec& t, const ConfigNode& n, const std::string& path) {
          if (t.sram_energy.empty()) fail_key(n, path, "sram_energy", "needs at least one point");
          for (size_t i = 1; i < t.sram_energy.size(); ++i)
            if (t.sram_energy[i].size <= t.sram_energy[i - 1].size)
              fail_key(n, path, "sram_energy", "points must be in increasing size");
        });
    (void)power;
    return s;
  }();
  return s;
}

namespace {
SchemaRegistrar register_chip(chip_schema());
SchemaRegistrar register_tech(tech_schema());
}  // namespace

}  // namespace tessera
