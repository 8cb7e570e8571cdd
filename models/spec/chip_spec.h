// Typed description of one accelerator chip, as read from a hardware config. Plain data: the
// timing cores and the lowering read it; only sim/config knows how it is spelled in YAML.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/buffer/buffer_spec.h"
#include "models/dma/dma_spec.h"
#include "models/dram/dram_spec.h"
#include "models/l2/l2_spec.h"
#include "models/noc/noc_spec.h"
#include "models/pe_array/pe_array_spec.h"
#include "models/spec/block_config.h"
#include "models/vector_unit/vector_unit_spec.h"

namespace tessera {

// Power management: a cap (TDP) enforced window by window along a voltage-frequency table.
struct VfPoint {
  double frequency_hz = 0;
  double voltage = 0;
};
struct PowerSpec {
  double tdp_w = 0;     // 0: no cap
  double window_s = 0;  // power is averaged and capped over windows this long (0: automatic)
  std::vector<VfPoint> vf_table;  // increasing frequency and voltage; empty: the nominal point only
  double nominal_voltage = 0;     // voltage at hardware.clock (0: the technology's)
  bool capped() const { return tdp_w > 0; }
};

// The host that feeds inputs (absent: inputs are already in device memory).
struct HostSpec {
  double link_bandwidth = 0;  // host-to-device bytes/s (PCIe, network); 0: no host model
  double link_latency_s = 0;
  double preprocess_rate = 0;     // samples/s the host prepares (decode, resize); 0: unlimited
  uint64_t bytes_per_sample = 0;  // 0: the model's inputs
  std::string link = "pcie";      // energy class of the link: pcie, serdes, nvlink
  bool present() const { return link_bandwidth > 0; }
};

// How operators reach the device: ahead-of-time compiled (one program, operators overlap where
// dependencies allow) or JIT/eager (the host dispatches operator by operator).
struct RuntimeSpec {
  std::string mode = "aot";        // aot or jit
  double dispatch_overhead_s = 0;  // jit: host time to dispatch one operator
  double kernel_overhead_s = 0;    // device time to launch one operator; > 0 also serializes them
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
  // The registered block type of each section present (hardware.dram.type: bank, ...), by section.
  std::map<std::string, BlockConfig> blocks;
  const BlockConfig* block(const std::string& section) const {
    auto it = blocks.find(section);
    return it == blocks.end() ? nullptr : &it->second;
  }

  double pe_clock_hz() const { return pe_array.clock_hz > 0 ? pe_array.clock_hz : clock_hz; }
  double vector_clock_hz() const {
    return vector_unit.clock_hz > 0 ? vector_unit.clock_hz : clock_hz;
  }
  double dma_clock_hz() const { return dma.clock_hz > 0 ? dma.clock_hz : clock_hz; }
  double dram_clock_hz() const { return dram.clock_hz > 0 ? dram.clock_hz : clock_hz; }
  double buffer_clock_hz(const BufferSpec& b) const {
    return b.clock_hz > 0 ? b.clock_hz : clock_hz;
  }
};

// Energy, leakage and area figures of one technology node (configs/tech/*.yaml).
struct SramEnergyPoint {
  uint64_t size = 0;
  double energy_per_64b = 0;  // joules per 64-bit access
};

struct TechSpec {
  std::string node;
  std::map<std::string, double> mac_energy;           // joules per MAC, by precision
  std::map<std::string, double> vector_op_energy;     // joules per elementary op, by precision
  std::vector<SramEnergyPoint> sram_energy;           // by capacity, interpolated log-log
  std::map<std::string, double> dram_energy_per_bit;  // by DRAM technology
  double leakage_per_mm2 = 0;                         // watts per mm^2 of logic
  double leakage_per_mib_sram = 0;                    // watts per MiB of SRAM
  std::map<std::string, double> pe_area_mm2;          // by precision
  double sram_area_mm2_per_mib = 0;
  double nominal_voltage = 0;                         // supply the energies above are quoted at
  std::map<std::string, double> link_energy_per_bit;  // onchip_wire_per_mm, serdes, nvlink, pcie
};

}  // namespace tessera
