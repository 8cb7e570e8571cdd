// A sweep file (configs/sweeps/*.yaml): a base run plus axes over config key paths, constraints
// that drop points, derived columns and the Pareto fronts to draw. Read strictly like run files:
// unknown keys, wrong types, axes over keys the base run does not have, and constraints naming
// unknown things are errors naming the file, line and key.
//
//   sweep:
//     name: edge-pe-buffer
//     base: ../runs/default.yaml        # run file (relative to this file); default: the embedded
//     one hw: ../hw/edge-npu.yaml           # optional, like --hw set: {workload.model: resnet18}
//     # fixed overrides for every point axes:                             # blocks, combined as a
//     cartesian product (first outermost)
//       - grid: {hardware.pe_array.rows: [8, 16], hardware.pe_array.cols: [8, 16]}
//       - zip: {workload.model: [resnet50, mobilenet_v2], workload.batch: [1, 8]}
//       - list: [{hardware.dram.preset: LPDDR4X}, {hardware.dram.preset: LPDDR5}]
//       - random: {samples: 20, seed: 1, keys: {hardware.buffers.0.size: {pow2: [64KiB, 4MiB]}}}
//     constraints: ["hardware.pe_array.rows * hardware.pe_array.cols <= 16384", "area_mm2 <= 10"]
//     derived: {tops_per_watt: "2 * macs * throughput_per_s / avg_power_w / 1e12"}
//     fronts: ["latency_s:min, energy_j:min", "throughput_per_s:max, area_mm2:min"]
//     timeout: 600s                     # per point
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/config/config_error.h"
#include "sim/config/run_config.h"
#include "sim/sweep/expression.h"
#include "sim/sweep/pareto.h"

namespace tessera {

// One random key: choice of values, or a number range.
struct RandomKey {
  enum class Kind { Choice, Uniform, LogUniform, Int, Pow2 } kind = Kind::Choice;
  std::vector<std::string> choices;  // Choice: YAML value texts
  double lo = 0, hi = 0;             // ranges (Pow2: in bytes or plain numbers)
  bool bytes = false;                // Pow2 over sizes: values written with a byte unit
};

struct AxisBlock {
  enum class Kind { Grid, Zip, List, Random } kind = Kind::Grid;
  SourceLoc loc;
  std::vector<std::string> keys;  // column order
  std::vector<std::vector<std::string>>
      values;                      // Grid, Zip: per key; List: per point (by key, "" = unset)
  uint64_t samples = 0, seed = 0;  // Random
  std::vector<RandomKey> random;   // Random: per key
};

struct NamedExpression {
  std::string name;  // derived column name ("" for constraints)
  Expression expr;
  SourceLoc loc;
};

struct SweepSpec {
  std::string file;  // as given
  std::string name;
  RunInputs base;  // run file, hardware file, fixed --set overrides
  std::vector<AxisBlock> blocks;
  std::vector<NamedExpression> constraints;
  std::vector<NamedExpression> derived;
  std::vector<std::vector<Objective>> fronts;
  double timeout_s = 0;          // 0: none
  uint64_t max_points = 100000;  // sweep.max_points: the most points the axes may expand to
  std::string text;  // the file's resolved YAML, hashed to recognise the sweep in a folder
};

// Parses and checks a sweep file; the base run and every axis key are checked against the
// resolved base config. Throws ConfigError.
SweepSpec load_sweep(const std::string& path);

// Names that become file and folder names and script text (sweep.name, derived columns) are
// plain words: letters, digits, '_', '-' and '.' (not first), at most 100 characters. Nothing a
// shell, gnuplot or a path could read as more than a name.
bool is_plain_name(const std::string& s);

// Values are written back into --set assignments as YAML (lists and maps in flow style).
std::string flow_yaml(const ConfigNode& n);

}  // namespace tessera
