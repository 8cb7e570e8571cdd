// Elaborates the SystemC platform of one chip for an Operator IR program, runs it to the end,
// and returns what happened. SystemC elaborates once per process: call this at most once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/energy/energy_model.h"
#include "models/dram/dram_observer.h"
#include "models/spec/chip_spec.h"
#include "models/spec/operator_ir.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"
#include "sim/config/run_config.h"

namespace tessera {

struct BlockActivity {
  std::string name;   // chip.core[0].pe_array[0]
  std::string kind;   // pe_array, vector_unit, dma, dram_channel, buffer
  double clock_hz = 0;
  uint64_t busy_cycles = 0;
};

struct DramChannelActivity {
  std::string name;
  uint64_t read_bytes = 0, write_bytes = 0, requests = 0;
  double busy_s = 0, queue_wait_s = 0, avg_latency_s = 0, p99_latency_s = 0;
  uint32_t peak_queue = 0;
  // Bank-level model only (negative: not modelled).
  double row_hit_rate = -1;
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0, activates = 0, refreshes = 0;
  uint64_t refresh_stall_cycles = 0;
};

struct LinkActivity {
  std::string name;
  uint64_t bytes = 0, packets = 0;
  double busy_s = 0;
  uint64_t stall_cycles = 0;
  uint32_t peak_queue = 0;
  double clock_hz = 0;
};

struct L2Activity {
  bool present = false;
  uint64_t hits = 0, misses = 0, writebacks = 0, dram_read_bytes = 0, dram_write_bytes = 0;
};

struct ChipSimulation {
  SimTime end = 0;
  std::vector<SimTime> cmd_start, cmd_end;
  EnergyEvents events;
  StatRegistry stats;
  std::vector<BlockActivity> blocks;
  std::vector<DramChannelActivity> dram;
  std::vector<LinkActivity> links;
  L2Activity l2;
  std::vector<uint64_t> layer_dram_bytes;
};

// Observers for trace export; empty ones cost one branch.
using CommandObserver =
    std::function<void(uint32_t cmd, SimTime start, SimTime busy_end, SimTime end, uint8_t lane)>;
struct SimObservers {
  CommandObserver command;  // every command's completion
  DramObserver dram;        // every DRAM request (packet-level traces)
};

// Throws ModelError if the program deadlocks (commands left whose dependencies never finish).
void simulate_chip(const ChipSpec& chip, const SimulationSpec& sim, const OperatorProgram& prog,
                   const SimObservers& observers, ChipSimulation& out);

}  // namespace tessera
