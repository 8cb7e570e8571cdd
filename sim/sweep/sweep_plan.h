// The points of a sweep: axis blocks expanded (grid: cartesian product; zip: parallel lists;
// list: as written; random: seeded samples), blocks combined as a cartesian product, each point
// resolved into its full config (its id is a hash of that config, so a folder of results
// recognises a point whatever order or shard computed it), and constraints on config values
// applied. Constraints naming result metrics are left for after the run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/sweep/sweep_spec.h"

namespace tessera {

struct SweepPoint {
  size_t index = 0;                 // row in results.csv
  std::vector<std::string> values;  // per column; "" where this point leaves the key at the base
  std::vector<std::string> sets;    // every --set of the point (base sets first)
  std::string id;                   // 16 hex digits
  std::string error;                // the point's config does not load: recorded as a failed point
};

struct SweepPlan {
  std::vector<std::string> columns;        // swept key paths
  std::vector<SweepPoint> points;          // after constraints on config values
  size_t expanded = 0;                     // before them
  std::vector<size_t> result_constraints;  // indices into SweepSpec::constraints checked after runs
};

SweepPlan plan_sweep(const SweepSpec& spec);

// Shard `i` of `k` takes every k-th distinct point id (points sharing an id run once).
// Deterministic: depends only on the plan.
std::vector<std::string> shard_ids(const SweepPlan& plan, size_t i, size_t k);

// The value of a config key path in a resolved config, for expressions (nullopt: no such scalar).
std::optional<ExprValue> config_value(const ConfigNode& resolved, const std::string& path);

// FNV-1a 64 as 16 hex digits.
std::string hash_hex(const std::string& text);

}  // namespace tessera
