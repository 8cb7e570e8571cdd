// A sweep's results, rebuilt from its folder: every point's status.json and report.json, the
// result constraints, derived columns and Pareto fronts. The local run, `--resume`, and `sweep
// merge` of Slurm shards all write results through this one function, so they agree byte for
// byte. Nothing in the results depends on wall time or on the order points finished.
//
// Folder layout:
//   DIR/plan.json                the expanded points (index, id, values, sets) and the sweep's hash
//   DIR/points/ID/               one folder per distinct point: what `tessera run --out` writes
//                                (report.json, layers.csv, config.yaml), stderr.txt and status.json
//   DIR/results.csv, results.json
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/report/output_files.h"
#include "sim/sweep/point_metrics.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_spec.h"

namespace tessera {

struct ResultRow {
  const SweepPoint* point = nullptr;
  std::string status;  // ok, infeasible, failed, timeout, pending
  std::string error;
  PointMetrics metrics;
  std::vector<double> derived;  // per SweepSpec::derived (NaN when not computable)
  std::vector<bool> fronts;     // per front: on it
};

struct SweepResults {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> derived_names;
  std::vector<std::vector<Objective>> fronts;
  std::vector<ResultRow> rows;
  size_t count(const std::string& status) const;
};

// Reads DIR/points/*/status.json for every point of the plan (missing: pending).
SweepResults collect_results(const SweepSpec& spec, const SweepPlan& plan, const std::string& dir,
                             const std::vector<std::vector<Objective>>& fronts);

// results.csv and results.json, each written to a temporary name and renamed.
void write_results(const SweepResults& r, const std::string& dir);

std::string front_column(const std::vector<Objective>& f);  // "front:latency_s-vs-energy_j"

}  // namespace tessera
