// A run: hardware + technology + workload + simulation options, from a run file, a hardware
// file, command-line options and --set overrides, in that order of precedence (last wins).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/network/cluster_spec.h"
#include "models/spec/chip_spec.h"
#include "models/timing/clock.h"
#include "sim/config/config_tree.h"

namespace tessera {

enum class RunMode : uint8_t { Inference, Training };

struct WorkloadSpec {
  std::string model;
  RunMode mode = RunMode::Inference;
  int64_t batch = 1;
  int64_t seq_len = 128;
  std::string precision;  // a precision name, or "native" (the PE array's native precision)
  std::vector<std::string> input_shapes;  // ONNX: name=1x3x224x224
  bool skip_unsupported = false;
};

enum class NetworkBackend : uint8_t { Analytical, Packet };

struct SimulationSpec {
  std::string dram;  // alias of hardware.dram.type (applied by parse_run)
  double dma_quantum_s =
      250e-9;  // how far ahead of the kernel a DMA channel books its transfer's bursts
  NetworkBackend network = NetworkBackend::Analytical;
  int64_t watchdog_cycles = 1'000'000'000;  // chip cycles without a finished command: stop (0: off)
  double max_wall_s = 0;                    // wall-clock limit of the simulation (0: none)
  uint64_t memory_limit =
      0;  // refuse runs estimated to need more (bytes; 0: 3/4 of physical memory)
};

struct QuantRuleSpec {
  std::string match;
  std::string op;
  std::string weights, activations;  // a precision name or "inherit"
};

struct QuantizationSpec {
  std::string weights, activations;  // a precision name or "native" (workload.precision)
  std::vector<QuantRuleSpec> rules;
};

struct PruningSpec {
  double sparsity = 0;
  std::string structured;  // none or 2:4
  std::vector<std::string> match;
};

struct TrainingSpec {
  std::string optimizer;  // sgd or adam
  bool input_gradients = true;
};

struct PassSpec {
  bool fusion = true;
  bool attention = true;
  QuantizationSpec quantization;
  PruningSpec pruning;
  TrainingSpec training;
};

struct RunSpec {
  ChipSpec hardware;
  TechSpec technology;
  WorkloadSpec workload;
  SimulationSpec simulation;
  PassSpec passes;
  ClusterSpec cluster;  // absent (nodes 0): one chip
};

struct RunInputs {
  std::string run_file;  // empty: the embedded default run
  std::string hw_file;   // replaces the run's hardware (and technology, cluster) sections
  std::string model;     // workload.model
  std::optional<int64_t> batch;
  std::vector<std::string> sets;  // key.path=value
};

struct LoadedRun {
  ConfigNode resolved;  // the whole document after includes, overrides and defaults
  RunSpec spec;
};

// The embedded default run: resnet50 on the edge NPU.
constexpr const char* kDefaultRunFile = "@configs/runs/default.yaml";

LoadedRun load_run(const RunInputs& in);
// hardware.dram.preset: NAME pulls in configs/dram/NAME.yaml, replacing the keys an earlier
// preset (an include of configs/dram/*.yaml) brought; keys written elsewhere win.
void apply_dram_preset(ConfigNode& root);
// Reads an already composed tree (validate, sweeps).
RunSpec parse_run(ConfigNode& tree);

}  // namespace tessera
