#include "sim/config/hardware_schema.h"

#include <limits>

#include "models/spec/precision.h"
#include "models/dram_bank/dram_address_map.h"
#include "models/dram_bank/bank_dram_config.h"
#include "models/vector_unit/vector_ops.h"

namespace tessera {
namespace {

constexpr double kMaxClock = 1e13;  // 10 THz: far beyond any real clock, still finite
constexpr uint64_t kMaxBytes = uint64_t(1) << 50;
constexpr int64_t kMaxCount = int64_t(1) << 30;

std::vector<std::string> vector_op_names() {
  std::vector<std::string> v;
  for (size_t i = 0; i < kVectorOpCount; ++i) v.push_back(vector_op_name(static_cast<VectorOp>(i)));
  return v;
}

const Schema<PeArraySpec>& pe_array_schema() {
  static const Schema<PeArraySpec> s = [] {
    Schema<PeArraySpec> s("pe_array", "Systolic array of processing elements (MAC units)");
    s.integer("rows", &PeArraySpec::rows, "", 1, 1 << 16, "PEs", "rows of PEs")
        .integer("cols", &PeArraySpec::cols, "", 1, 1 << 16, "PEs", "columns of PEs")
        .integer("arrays", &PeArraySpec::arrays, "1", 1, 1024, "", "independent PE arrays per core")
        .choice("dataflow", &PeArraySpec::dataflow, "ws",
                {{"os", Dataflow::OS}, {"ws", Dataflow::WS}, {"is", Dataflow::IS}, {"auto", Dataflow::Auto}},
                "output-, weight- or input-stationary; auto lets the mapper choose per layer")
        .quantity("clock", &PeArraySpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "clock of the array (default: hardware.clock)")
        .text("native_precision", &PeArraySpec::native_precision, "int8",
              "precision used when workload.precision is 'native'")
        .table("macs_per_cycle", &PeArraySpec::macs_per_cycle, precision_names(), nullptr, 1.0 / 64, 64,
               "", "MACs per PE per cycle for each supported precision; a precision not listed is unsupported "
               "(values above 1 pack several reduction elements per PE, below 1 take several cycles per MAC)")
        .choice("weight_preload", &PeArraySpec::weight_preload, "serial",
                {{"serial", WeightPreload::Serial}, {"overlapped", WeightPreload::Overlapped}},
                "serial: each fold preloads its stationary operand after the previous fold drains "
                "(SCALE-Sim); overlapped: preload hidden by double-buffered PE registers")
        .choice("cycle_count", &PeArraySpec::cycle_count, "scalesim",
                {{"scalesim", CycleCount::Scalesim}, {"exact", CycleCount::Exact}},
                "scalesim: report compute_cycles as SCALE-Sim v2 does (last cycle index, count - 1)")
        .flag("zero_skipping", &PeArraySpec::zero_skipping, "false",
              "PEs skip MACs with a zero operand (unstructured sparsity pays off)")
        .flag("structured_sparsity", &PeArraySpec::structured_sparsity, "false",
              "array supports 2:4 structured sparsity (halves MACs of 2:4-pruned layers)")
        .real("efficiency", &PeArraySpec::efficiency, "1.0", 0.01, 1.0, "",
              "sustained fraction of the ideal fold rate (instruction issue, register-file and "
              "operand-network stalls inside the core that the fold model does not see)")
        .check([](const PeArraySpec& p, const ConfigNode& n, const std::string& path) {
          if (p.macs_per_cycle.empty())
            fail_key(n, path, "macs_per_cycle", "must list at least one precision");
          if (!p.macs_per_cycle.count(p.native_precision))
            fail_key(n, path, "native_precision",
                    "'" + p.native_precision + "' is not listed in macs_per_cycle");
          for (const auto& kv : p.macs_per_cycle) {
            double v = kv.second;
            bool whole = v >= 1 && v == static_cast<double>(static_cast<int64_t>(v));
            bool reciprocal = v < 1 && 1.0 / v == static_cast<double>(static_cast<int64_t>(1.0 / v));
            if (!whole && !reciprocal)
              fail_key(n, path, "macs_per_cycle." + kv.first,
                      "must be a whole number or 1/n (e.g. 2, 1, 0.5, 0.25)");
          }
        });
    return s;
  }();
  return s;
}

const Schema<VectorUnitSpec>& vector_unit_schema() {
  static const Schema<VectorUnitSpec> s = [] {
    Schema<VectorUnitSpec> s("vector_unit", "SIMD unit for element-wise, reduction and pooling work");
    s.integer("lanes", &VectorUnitSpec::lanes, "16", 1, 1 << 20, "elements/cycle", "SIMD lanes")
        .quantity("clock", &VectorUnitSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "clock of the unit (default: hardware.clock)")
        .integer("latency", &VectorUnitSpec::latency, "4", 0, 1 << 20, "cycles",
                 "pipeline fill cycles per command")
        .table("op_cycles", &VectorUnitSpec::op_cycles, vector_op_names(), nullptr, 0.0, 1e6, kNoDefault,
               "cycles per lane-group for each elementary op (defaults: add/mul/max/copy 1, "
               "exp/div/sqrt/erf/tanh 4)");
    return s;
  }();
  return s;
}

const Schema<BufferSpec>& buffer_schema() {
  static const Schema<BufferSpec> s = [] {
    Schema<BufferSpec> s("buffer", "On-chip SRAM scratchpad");
    s.text("name", &BufferSpec::name, "", "buffer name, used in reports")
        .bytes("size", &BufferSpec::size, "", 1, kMaxBytes, "capacity")
        .integer("banks", &BufferSpec::banks, "8", 1, 4096, "", "independent banks")
        .bytes("bank_width", &BufferSpec::bank_width, "16B", 1, 1 << 20, "bytes per bank per cycle per port")
        .integer("ports", &BufferSpec::ports, "2", 1, 16, "",
                 "ports; with 2 or more, DMA writes and PE reads do not contend")
        .string_list("holds", &BufferSpec::holds, "", "operands kept here: inputs, weights, outputs")
        .quantity("clock", &BufferSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "clock of the buffer (default: hardware.clock)")
        .check([](const BufferSpec& b, const ConfigNode& n, const std::string& path) {
          if (b.holds.empty()) fail_key(n, path, "holds", "must name at least one operand");
          for (const auto& h : b.holds)
            if (h != "inputs" && h != "weights" && h != "outputs")
              fail_key(n, path, "holds",
                      "unknown operand '" + h + "' (expected inputs, weights or outputs)");
        });
    return s;
  }();
  return s;
}

const Schema<DmaSpec>& dma_schema() {
  static const Schema<DmaSpec> s = [] {
    Schema<DmaSpec> s("dma", "DMA engine moving tiles between DRAM and the buffers");
    s.integer("channels", &DmaSpec::channels, "2", 1, 1024, "", "transfers in progress at once")
        .bytes("burst", &DmaSpec::burst, "64B", 1, 1 << 20, "bytes per memory request")
        .integer("outstanding", &DmaSpec::outstanding, "32", 1, 1 << 20, "requests",
                 "memory requests in flight at once (per engine)")
        .quantity("clock", &DmaSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "clock of the engine (default: hardware.clock)");
    return s;
  }();
  return s;
}

const std::vector<std::string>& dram_timing_names() {
  static const std::vector<std::string> names = {"tRCD", "tRP",    "tCL",    "tCWL", "tRAS", "tRC",
                                                 "tCCD_S", "tCCD_L", "tRRD_S", "tRRD_L", "tFAW", "tWR",
                                                 "tWTR_S", "tWTR_L", "tRTP", "tRFC", "tREFI"};
  return names;
}

const Schema<DramSpec>& dram_schema() {
  static const Schema<DramSpec> s = [] {
    Schema<DramSpec> s("dram", "Off-chip memory (DRAM or HBM); bank-level parameters usually come from a preset "
                               "in configs/dram/ pulled in with include:");
    s.text("preset", &DramSpec::preset, kNoDefault,
           "a bank-level preset by name (ddr4-3200, lpddr4x-4266, lpddr5-6400, hbm2e-3200, hbm3-6400) or a .yaml path; "
           "it replaces the keys an earlier preset brought, keys written here win (so --set and sweeps can change the memory)")
        .text("technology", &DramSpec::technology, "", "memory technology: ddr4, lpddr4x, lpddr5, hbm2e, hbm3")
        .integer("channels", &DramSpec::channels, "1", 1, 4096, "", "independent channels")
        .quantity("bandwidth", &DramSpec::bandwidth, Quantity::Bandwidth, kNoDefault, 0, 1e16, false,
                  "peak bandwidth per channel (simple model; default: clock x 2 x bus_bits / 8)")
        .quantity("latency", &DramSpec::latency_s, Quantity::Time, kNoDefault, 0, 1e-3, false,
                  "unloaded read latency (simple model; default: (tRCD + tCL + burst + controller_latency) x tCK)")
        .integer("bus_bits", &DramSpec::bus_bits, "0", 0, 4096, "bits", "data bus width per channel (bank model)")
        .integer("burst_length", &DramSpec::burst_length, "0", 0, 64, "beats", "beats per burst (bank model)")
        .integer("transfers_per_clock", &DramSpec::transfers_per_clock, "2", 1, 16, "beats/tCK",
                 "data beats per command clock: 2 (DDR4, LPDDR4X, HBM2E), 4 (HBM3 at CK), 8 (LPDDR5 at CK)")
        .integer("ranks", &DramSpec::ranks, "1", 1, 16, "", "ranks per channel")
        .integer("bank_groups", &DramSpec::bank_groups, "1", 1, 64, "", "bank groups per rank")
        .integer("banks_per_group", &DramSpec::banks_per_group, "1", 1, 64, "", "banks per bank group")
        .integer("rows", &DramSpec::rows, "0", 0, int64_t(1) << 32, "", "rows per bank")
        .bytes("row_size", &DramSpec::row_size, "0B", 0, uint64_t(1) << 24, "bytes per row (page) per channel")
        .table("timing", &DramSpec::timing, dram_timing_names(), nullptr, 0, 1e7, kNoDefault,
               "JEDEC timing parameters in tCK cycles: tRCD tRP tCL tCWL tRAS tRC tCCD_S tCCD_L tRRD_S tRRD_L "
               "tFAW tWR tWTR_S tWTR_L tRTP tRFC tREFI")
        .choice("page_policy", &DramSpec::page_policy, "open", {{"open", std::string("open")}, {"closed", std::string("closed")}},
                "open: rows stay open for later hits; closed: precharge after each access without pending hits")
        .text("mapping", &DramSpec::mapping, "ro-ba-ra-co-bg-ch",
              "address fields, most significant first: ro (row), ba (bank), ra (rank), co (column), bg (bank group), ch (channel)")
        .integer("controller_latency", &DramSpec::controller_latency, "0", 0, 100000, "cycles",
                 "cycles the memory controller adds to every access (queueing logic, PHY)")
        .integer("queue_depth", &DramSpec::queue_depth, "32", 1, 1 << 20, "requests",
                 "request queue per channel; a full queue back-pressures the DMA")
        .bytes("interleave", &DramSpec::interleave, "256B", 1, kMaxBytes,
               "bytes mapped to one channel before moving to the next")
        .quantity("clock", &DramSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "controller clock (default: hardware.clock)")
        .check([](const DramSpec& d, const ConfigNode& n, const std::string& path) {
          static const char* known[] = {"ddr4", "lpddr4x", "lpddr5", "hbm2e", "hbm3"};
          bool ok = false;
          for (const char* k : known) ok = ok || d.technology == k;
          if (!ok)
            fail_key(n, path, "technology",
                    "unknown technology '" + d.technology + "' (expected ddr4, lpddr4x, lpddr5, hbm2e or hbm3)");
          if (d.bus_bits > 0 || !d.timing.empty()) {
            // A bank-level description must be complete and consistent.
            for (const auto& name : dram_timing_names())
              if (!d.timing.count(name)) fail_key(n, path, "timing." + name, "missing timing parameter");
            for (const auto& kv : d.timing)
              if (kv.second != static_cast<double>(static_cast<int64_t>(kv.second)) || kv.second < 1)
                // At the parameter's own line (a --set override names --set, not the preset).
                fail_key(key_node(n, "timing"), join_key(path, "timing"), kv.first, "must be a whole number of cycles >= 1");
            if (d.bus_bits % 8 || d.bus_bits == 0) fail_key(n, path, "bus_bits", "must be a positive multiple of 8");
            if (d.burst_length < 1 || d.burst_length % d.transfers_per_clock)
              fail_key(n, path, "burst_length", "must be a whole number of clocks (a multiple of transfers_per_clock)");
            if (d.rows == 0) fail_key(n, path, "rows", "must be set for the bank model");
            if (d.clock_hz <= 0) fail_key(n, path, "clock", "the bank model needs the DRAM clock (tCK)");
            if (d.row_size == 0 || d.row_size % d.burst_bytes())
              fail_key(n, path, "row_size", "must be a whole number of bursts");
            DramTimings t = to_dram_timings(d);
            std::string bad = check_dram_timings(t);
            if (!bad.empty()) {
              // The message starts with the parameter at fault; point at its own line.
              std::string first = bad.substr(0, bad.find(' '));
              const ConfigNode& tn = key_node(n, "timing");
              fail_key(tn, join_key(path, "timing"), first, "timing parameters cannot hold together: " + bad);
            }
            try {
              DramAddressMap map(d.mapping, static_cast<uint32_t>(d.channels), to_dram_organization(d));
            } catch (const std::invalid_argument& e) {
              fail_key(n, path, "mapping", e.what());
            }
          } else if (d.bandwidth <= 0 || d.latency_s <= 0) {
            fail_at(n, path, "needs bandwidth and latency, or a bank-level preset (include configs/dram/*.yaml)");
          }
        });
    return s;
  }();
  return s;
}

const Schema<InterconnectSpec>& interconnect_schema() {
  static const Schema<InterconnectSpec> s = [] {
    Schema<InterconnectSpec> s("interconnect", "On-chip network between cores and memory (crossbar or 2-D mesh)");
    s.choice("type", &InterconnectSpec::type, "", {{"crossbar", std::string("crossbar")}, {"mesh", std::string("mesh")}},
             "crossbar: one link per core and per memory port into a switch; mesh: XY-routed 2-D grid")
        .integer("mesh_cols", &InterconnectSpec::mesh_cols, "0", 0, 4096, "routers", "mesh columns (mesh only)")
        .integer("mesh_rows", &InterconnectSpec::mesh_rows, "0", 0, 4096, "routers", "mesh rows (mesh only)")
        .bytes("link_width", &InterconnectSpec::link_width, "", 1, 1 << 20, "bytes per cycle per link")
        .real("wire_length", &InterconnectSpec::wire_length_mm, "1", 0, 1000, "mm",
              "wire per hop, for its energy (technology.link_energy_per_bit.onchip_wire_per_mm)")
        .integer("hop_latency", &InterconnectSpec::hop_latency, "1", 1, 1000, "cycles", "cycles per hop (router + wire)")
        .bytes("header", &InterconnectSpec::header, "16B", 0, 4096, "bytes of header per packet")
        .quantity("clock", &InterconnectSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "network clock (default: hardware.clock)")
        .table_list("memory_nodes", &InterconnectSpec::memory_nodes, "mesh: router of each memory port "
                    "(default: spread over the left and right edges)");
    return s;
  }();
  return s;
}

const Schema<L2Spec>& l2_schema() {
  static const Schema<L2Spec> s = [] {
    Schema<L2Spec> s("l2", "Shared on-chip L2 / global buffer (LRU, write-back, write-allocate)");
    s.bytes("size", &L2Spec::size, "", 1, kMaxBytes, "capacity")
        .integer("banks", &L2Spec::banks, "16", 1, 4096, "", "slices, interleaved by line; each is a memory port")
        .bytes("bank_width", &L2Spec::bank_width, "64B", 1, 1 << 20, "bytes per cycle per slice")
        .bytes("line", &L2Spec::line, "128B", 16, 1 << 20, "line size (allocation unit)")
        .bytes("interleave", &L2Spec::interleave, "0B", 0, 1 << 24,
               "bytes mapped to one slice before the next (0: one line); match the DMA burst so a request "
               "goes to one slice")
        .integer("ways", &L2Spec::ways, "16", 1, 1024, "", "associativity")
        .integer("latency", &L2Spec::latency, "20", 1, 100000, "cycles", "tag and array access latency")
        .quantity("clock", &L2Spec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "L2 clock (default: hardware.clock)");
    return s;
  }();
  return s;
}

}  // namespace

const Schema<ChipSpec>& chip_schema() {
  static const Schema<ChipSpec> s = [] {
    Schema<ChipSpec> s("hardware", "One accelerator chip");
    s.text("name", &ChipSpec::name, "", "chip name shown in reports")
        .quantity("clock", &ChipSpec::clock_hz, Quantity::Frequency, "", 0, kMaxClock, false,
                  "reference clock; reported cycles count this clock")
        .integer("cores", &ChipSpec::cores, "1", 1, 65536, "", "cores (each with its PE arrays, vector unit and buffers)")
        .flag("fused_attention", &ChipSpec::fused_attention, "false",
              "the chip runs attention as one fused operator (FlashAttention-style tiles, scores kept on chip)")
        .section("pe_array", &ChipSpec::pe_array, pe_array_schema(), "", "the PE array")
        .section("vector_unit", &ChipSpec::vector_unit, vector_unit_schema(), "{}", "the vector unit")
        .list("buffers", &ChipSpec::buffers, buffer_schema(), "", "on-chip buffers")
        .section("dma", &ChipSpec::dma, dma_schema(), "{}", "the DMA engine")
        .section("dram", &ChipSpec::dram, dram_schema(), "", "off-chip memory")
        .section("interconnect", &ChipSpec::interconnect, interconnect_schema(), kNoDefault,
                 "on-chip network between cores and memory (absent: ideal)")
        .section("l2", &ChipSpec::l2, l2_schema(), kNoDefault, "shared L2 / global buffer (absent: none)")
        .section("power", &ChipSpec::power, power_schema(), "{}", "power cap and voltage-frequency table")
        .section("host", &ChipSpec::host, host_schema(), kNoDefault, "the host feeding inputs (absent: none)")
        .section("runtime", &ChipSpec::runtime, runtime_schema(), "{}", "ahead-of-time or JIT dispatch")
        .check([](const ChipSpec& c, const ConfigNode& n, const std::string& path) {
          if (c.buffers.empty()) fail_key(n, path, "buffers", "at least one buffer is needed");
          for (const char* role : {"inputs", "weights", "outputs"}) {
            int holders = 0;
            for (const auto& b : c.buffers)
              for (const auto& h : b.holds) holders += h == role;
            if (holders != 1)
              fail_key(n, path, "buffers",
                      std::string("exactly one buffer must hold ") + role + " (found " + std::to_string(holders) + ")");
          }
          const InterconnectSpec& ic = c.interconnect;
          if (ic.type == "mesh") {
            const ConfigNode& icn = key_node(n, "interconnect");
            if (ic.mesh_cols * ic.mesh_rows != c.cores)
              fail_key(icn, join_key(path, "interconnect"), "mesh_cols",
                       "a " + std::to_string(ic.mesh_cols) + " x " + std::to_string(ic.mesh_rows) + " mesh has " +
                           std::to_string(ic.mesh_cols * ic.mesh_rows) + " routers but hardware.cores is " +
                           std::to_string(c.cores));
            for (int64_t node : ic.memory_nodes)
              if (node < 0 || node >= c.cores)
                fail_key(icn, join_key(path, "interconnect"), "memory_nodes",
                         "router " + std::to_string(node) + " is outside the mesh");
          }
          if (c.l2.present() && c.l2.line % c.dram.burst_bytes() && c.dram.has_bank_model())
            fail_key(key_node(n, "l2"), join_key(path, "l2"), "line", "must be a whole number of DRAM bursts");
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
        .quantity("energy_per_64b", &SramEnergyPoint::energy_per_64b, Quantity::Energy, "", 0, 1e-6, false,
                  "energy of one 64-bit access");
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
    Schema<TechSpec> s("technology", "Energy, leakage and area figures of a process node (configs/tech)");
    s.text("node", &TechSpec::node, "", "process node name, e.g. 45nm")
        .table("mac_energy", &TechSpec::mac_energy, precision_names(), &energy, 0, 1e-6, "",
               "energy of one multiply-accumulate, by precision")
        .table("vector_op_energy", &TechSpec::vector_op_energy, precision_names(), &energy, 0, 1e-6, "",
               "energy of one elementary vector op (add class), by precision")
        .list("sram_energy", &TechSpec::sram_energy, sram_point_schema(), "",
              "SRAM access energy by capacity, interpolated log-log")
        .table("dram_energy_per_bit", &TechSpec::dram_energy_per_bit, drams, &energy, 0, 1e-6, "",
               "DRAM access energy per bit, by technology")
        .quantity("leakage_per_mm2", &TechSpec::leakage_per_mm2, Quantity::Power, "", 0, 1e3, true,
                  "leakage power per mm^2 of logic")
        .quantity("leakage_per_mib_sram", &TechSpec::leakage_per_mib_sram, Quantity::Power, "", 0, 1e3, true,
                  "leakage power per MiB of SRAM")
        .table("pe_area", &TechSpec::pe_area_mm2, precision_names(), &area, 0, 1e3, "",
               "area of one PE (MAC plus registers), by precision")
        .quantity("sram_area_per_mib", &TechSpec::sram_area_mm2_per_mib, Quantity::Area, "", 0, 1e4, false,
                  "area of one MiB of SRAM including periphery")
        .quantity("nominal_voltage", &TechSpec::nominal_voltage, Quantity::Voltage, "", 0.1, 5, false,
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
SchemaRegistrar register_pe(pe_array_schema());
SchemaRegistrar register_vector(vector_unit_schema());
SchemaRegistrar register_buffer(buffer_schema());
SchemaRegistrar register_dma(dma_schema());
SchemaRegistrar register_dram(dram_schema());
SchemaRegistrar register_tech(tech_schema());
SchemaRegistrar register_interconnect(interconnect_schema());
SchemaRegistrar register_l2(l2_schema());
}  // namespace

}  // namespace tessera
