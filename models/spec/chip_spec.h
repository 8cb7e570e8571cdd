// Typed description of one accelerator chip, as read from a hardware config. Plain data: the
// timing cores and the lowering read it; only sim/config knows how it is spelled in YAML.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

enum class Dataflow : uint8_t { OS, WS, IS, Auto };
inline const char* dataflow_name(Dataflow d) {
  static const char* const names[] = {"os", "ws", "is", "auto"};
  return names[static_cast<int>(d)];
}

// SCALE-Sim v2 drains every fold before the next one preloads its stationary operand; real
// arrays with double-buffered weight registers hide that preload behind the previous fold.
enum class WeightPreload : uint8_t { Serial, Overlapped };
// SCALE-Sim reports the index of the last busy cycle (one less than the count, its issue #125);
// `scalesim` reproduces that in the reported compute_cycles, `exact` reports the count.
enum class CycleCount : uint8_t { Scalesim, Exact };

struct PeArraySpec {
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t arrays = 1;  // PE arrays per core
  Dataflow dataflow = Dataflow::WS;
  double clock_hz = 0;  // 0: the chip clock
  std::string native_precision;
  std::map<std::string, double> macs_per_cycle;  // per PE per cycle, by precision name
  WeightPreload weight_preload = WeightPreload::Serial;
  CycleCount cycle_count = CycleCount::Scalesim;
  bool zero_skipping = false;        // skips zero operands of unstructured sparsity
  bool structured_sparsity = false;  // 2:4 sparse tensor-core style support
  double efficiency = 1.0;           // sustained fraction of the fold rate (issue pipeline, bank stalls)
};

struct VectorUnitSpec {
  int64_t lanes = 0;
  double clock_hz = 0;
  int64_t latency = 0;  // pipeline fill cycles per command
  std::map<std::string, double> op_cycles = {  // cycles per lane-group per elementary op
      {"add", 1}, {"mul", 1}, {"max", 1}, {"copy", 1}, {"exp", 4},
      {"div", 4}, {"sqrt", 4}, {"erf", 4}, {"tanh", 4}};
};

struct BufferSpec {
  std::string name;
  uint64_t size = 0;
  int64_t banks = 1;
  uint64_t bank_width = 0;  // bytes per bank per cycle
  int64_t ports = 2;
  std::vector<std::string> holds;  // inputs, weights, outputs
  double clock_hz = 0;
};

struct DmaSpec {
  int64_t channels = 1;
  uint64_t burst = 64;
  int64_t outstanding = 16;
  double clock_hz = 0;
};

struct DramSpec {
  std::string preset;      // configs/dram/NAME.yaml applied when loading (see apply_dram_preset)
  std::string technology;  // energy table key
  int64_t channels = 1;
  double bandwidth = 0;    // bytes/s per channel (simple model); 0: derived from the bank-level preset
  double latency_s = 0;    // unloaded read latency (simple model); 0: derived from the preset
  int64_t queue_depth = 32;
  uint64_t interleave = 256;  // simple model: bytes per channel before the next channel
  double clock_hz = 0;        // DRAM command clock (tCK); 0 = chip clock
  // Bank-level organisation and timings (from a preset in configs/dram/).
  int64_t bus_bits = 0;       // data bus width per channel
  int64_t burst_length = 0;   // beats per burst
  int64_t transfers_per_clock = 2;  // data beats per tCK: 2 for DDR, 4 for HBM3, 8 for LPDDR5 (CK)
  int64_t ranks = 1, bank_groups = 1, banks_per_group = 1, rows = 0;
  uint64_t row_size = 0;      // bytes per row per channel
  std::map<std::string, double> timing;  // tRCD ... tREFI, in tCK cycles
  std::string page_policy = "open";
  std::string mapping;        // address fields, most significant first
  int64_t controller_latency = 0;  // cycles the controller adds to every access

  bool has_bank_model() const { return bus_bits > 0 && burst_length > 0 && rows > 0 && !timing.empty(); }
  uint64_t burst_bytes() const { return static_cast<uint64_t>(bus_bits / 8 * burst_length); }
};

// On-chip network between the cores and the memory side. Absent (type empty): an ideal
// connection (single-core chips).
struct InterconnectSpec {
  std::string type;          // crossbar or mesh
  int64_t mesh_cols = 0, mesh_rows = 0;
  uint64_t link_width = 0;   // bytes per cycle per link
  int64_t hop_latency = 1;   // cycles per hop
  uint64_t header = 16;      // bytes of a packet header
  double wire_length_mm = 1; // wire per hop (energy: technology onchip_wire_per_mm)
  double clock_hz = 0;       // 0: chip clock
  std::vector<int64_t> memory_nodes;  // mesh: router of each memory port (default: left and right edges)
  bool present() const { return !type.empty(); }
};

// Shared on-chip L2 / global buffer between the interconnect and DRAM. Absent: size 0.
struct L2Spec {
  uint64_t size = 0;
  int64_t banks = 1;
  uint64_t bank_width = 64;  // bytes per cycle per slice
  uint64_t line = 128;
  uint64_t interleave = 0;   // bytes per slice before the next slice; 0: one line
  int64_t ways = 16;
  int64_t latency = 20;      // cycles of tag and array access
  double clock_hz = 0;
  bool present() const { return size > 0; }
};

// Power management: a cap (TDP) enforced window by window along a voltage-frequency table.
struct VfPoint {
  double frequency_hz = 0;
  double voltage = 0;
};
struct PowerSpec {
  double tdp_w = 0;              // 0: no cap
  double window_s = 0;           // power is averaged and capped over windows this long (0: automatic)
  std::vector<VfPoint> vf_table; // increasing frequency and voltage; empty: the nominal point only
  double nominal_voltage = 0;    // voltage at hardware.clock (0: the technology's)
  bool capped() const { return tdp_w > 0; }
};

// The host that feeds inputs (absent: inputs are already in device memory).
struct HostSpec {
  double link_bandwidth = 0;     // host-to-device bytes/s (PCIe, network); 0: no host model
  double link_latency_s = 0;
  double preprocess_rate = 0;    // samples/s the host prepares (decode, resize); 0: unlimited
  uint64_t bytes_per_sample = 0; // 0: the model's inputs
  std::string link = "pcie";     // energy class of the link: pcie, serdes, nvlink
  bool present() const { return link_bandwidth > 0; }
};

// How operators reach the device: ahead-of-time compiled (one program, operators overlap where
// dependencies allow) or JIT/eager (the host dispatches operator by operator).
struct RuntimeSpec {
  std::string mode = "aot";       // aot or jit
  double dispatch_overhead_s = 0; // jit: host time to dispatch one operator
  double kernel_overhead_s = 0;   // device time to launch one operator; > 0 also serializes them
};

struct ChipSpec {
  std::string name;
  double clock_hz = 0;
  int64_t cores = 1;
  bool fused_attention = false;  // runs QK^T-softmax-xV tile by tile without writing scores to DRAM
  PeArraySpec pe_array;
  VectorUnitSpec vector_unit;
  std::vector<BufferSpec> buffers;
  DmaSpec dma;
  DramSpec dram;
  InterconnectSpec interconnect;
  L2Spec l2;
  PowerSpec power;
  HostSpec host;
  RuntimeSpec runtime;

  double pe_clock_hz() const { return pe_array.clock_hz > 0 ? pe_array.clock_hz : clock_hz; }
  double vector_clock_hz() const { return vector_unit.clock_hz > 0 ? vector_unit.clock_hz : clock_hz; }
  double dma_clock_hz() const { return dma.clock_hz > 0 ? dma.clock_hz : clock_hz; }
  double dram_clock_hz() const { return dram.clock_hz > 0 ? dram.clock_hz : clock_hz; }
  double buffer_clock_hz(const BufferSpec& b) const { return b.clock_hz > 0 ? b.clock_hz : clock_hz; }
};

// Energy, leakage and area figures of one technology node (configs/tech/*.yaml).
struct SramEnergyPoint {
  uint64_t size = 0;
  double energy_per_64b = 0;  // joules per 64-bit access
};

struct TechSpec {
  std::string node;
  std::map<std::string, double> mac_energy;        // joules per MAC, by precision
  std::map<std::string, double> vector_op_energy;  // joules per elementary op, by precision
  std::vector<SramEnergyPoint> sram_energy;        // by capacity, interpolated log-log
  std::map<std::string, double> dram_energy_per_bit;  // by DRAM technology
  double leakage_per_mm2 = 0;     // watts per mm^2 of logic
  double leakage_per_mib_sram = 0;  // watts per MiB of SRAM
  std::map<std::string, double> pe_area_mm2;  // by precision
  double sram_area_mm2_per_mib = 0;
  double nominal_voltage = 0;                 // supply the energies above are quoted at
  std::map<std::string, double> link_energy_per_bit;  // onchip_wire_per_mm, serdes, nvlink, pcie
};

}  // namespace tessera
