// Everything one run produced, in the form the report writers need.
#pragma once

#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"
#include "compiler_frontend/passes/passes.h"
#include "models/energy/energy_model.h"
#include "models/energy/power_model.h"
#include "models/spec/operator_ir.h"
#include "sim/config/run_config.h"
#include "sim/platform/chip_platform.h"

namespace tessera {

struct LayerResult {
  SimTime start = 0, end = 0;
  uint64_t cycles = 0;          // span in reference-clock cycles (first command start to last end)
  double exclusive_s = 0;       // time this layer advanced the run's end (sums to the total)
  uint64_t pe_busy_cycles = 0;  // array cycles spent on this layer's tiles (summed over arrays)
  uint64_t vector_busy_cycles = 0;
  uint64_t dram_read_bytes = 0;  // as the DRAM saw them (L2 misses and write-backs included)
  uint64_t dram_write_bytes = 0;
  uint64_t l2_bytes = 0;   // the layer's DMA traffic the L2 served (0 without an L2)
  uint64_t dma_bytes = 0;  // what the layer's Load and Store commands moved
  uint64_t dram_bytes() const { return dram_read_bytes + dram_write_bytes; }
  uint64_t vector_ops = 0;
  uint64_t effective_macs = 0;  // MACs the arrays executed (sparsity skips some)
  double dynamic_energy_j = 0;
  double energy_j = 0;     // dynamic + leakage over exclusive time
  double utilization = 0;  // useful MACs / (span x peak MAC rate)
  std::string bound;       // compute, memory or vector
};

// One core's time, in cycles of its PE array: computing, waiting inside its active span
// (for data, the vector unit or other cores), and idle before/after it.
struct CoreActivity {
  uint64_t busy_cycles = 0, stall_cycles = 0, idle_cycles = 0;
  uint64_t macs = 0;
};

struct RunResult {
  RunSpec spec;
  ConfigNode resolved;
  std::string model_name;
  Graph graph;                         // after passes
  uint64_t memory_estimate_bytes = 0;  // see memory_estimate.h
  std::vector<PassRecord> passes;
  OperatorProgram program;
  ChipSimulation sim;
  std::vector<LayerResult> layers;
  std::vector<CoreActivity> cores;
  std::vector<BlockEnergy> energy;   // per block
  double latency_s = 0;              // under a power cap: the throttled time
  double unthrottled_latency_s = 0;  // what the simulation took at the nominal clock
  PowerResult power;
  double device_latency_s = 0;  // the device alone (latency_s adds the host's input time)
  double throughput_per_s = 0;  // steady state: the slower of the host and the device
  double host_input_s = 0;      // preparing and sending one batch
  uint64_t host_bytes_per_sample = 0;
  bool input_bound = false;
  double input_starved_fraction = 0;  // of the device's time, waiting for input (steady state)
  std::string bound;                  // compute, memory, interconnect or host
  uint64_t cycles = 0;                // reference clock, as simulated (nominal clock)
  double clock_hz = 0;
  double energy_j = 0, dynamic_energy_j = 0, leakage_energy_j = 0;
  double area_mm2 = 0;
  double peak_macs_per_s = 0;
  double pe_utilization = 0;
  uint64_t macs = 0;
  Precision precision = Precision::INT8;
};

}  // namespace tessera
