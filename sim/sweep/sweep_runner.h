// Runs a sweep's points as child `tessera run` processes (SystemC elaborates once per process),
// N at a time, into DIR/points/ID/, with a progress bar on a terminal and plain progress lines
// otherwise. A point is complete once its status.json exists (written by this process after the
// child exits, through a rename), so an interrupted sweep loses no finished point and --resume
// reruns only the others. Failed points (a bad combination, a timeout) are recorded with their
// error and the sweep goes on.
#pragma once

#include <cstddef>
#include <string>

#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_spec.h"

namespace tessera {

struct SweepRunOptions {
  std::string out_dir;
  int jobs = 1;
  bool resume = false;
  size_t shard = 0, shards = 1;  // this process runs shard `shard` of `shards`
  double timeout_s = 0;          // per point; 0: the sweep file's (or none)
};

// The plan's identity: the sweep file's text, the columns and every point id.
std::string plan_hash(const SweepSpec& spec, const SweepPlan& plan);

// Creates DIR and DIR/plan.json, or checks that an existing DIR holds this same sweep. `reuse`:
// an existing DIR of this sweep is fine (--resume, shards); otherwise it is an error.
void prepare_sweep_dir(const SweepSpec& spec, const SweepPlan& plan, const std::string& dir,
                       bool reuse);

// Runs the points (of the shard) that have no status yet. Returns the exit status: 0 when every
// point was attempted, 130 when interrupted (SIGINT/SIGTERM; finished points are kept).
int run_sweep_points(const SweepSpec& spec, const SweepPlan& plan, const SweepRunOptions& opts);

}  // namespace tessera
