// Builds the SystemC platform of one chip from its configuration and the block registry, runs an
// Operator IR program on it to the end, and returns what happened. SystemC elaborates once per
// process: call this at most once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/dram/dram_observer.h"
#include "models/energy/energy_model.h"
#include "models/platform/memory_target.h"
#include "models/spec/chip_spec.h"
#include "models/spec/operator_ir.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"
#include "sim/config/run_config.h"

namespace tessera {

struct ChipSimulation {
  SimTime end = 0;
  std::vector<SimTime> cmd_start, cmd_end;
  EnergyEvents events;
  StatRegistry stats;        // every block's statistics, by report section
  LayerTraffic traffic;      // DRAM reads and writes and L2 traffic, per program layer
  uint64_t activations = 0;  // SystemC process activations (simulator cost, not a hardware figure)
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
