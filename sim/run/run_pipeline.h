// One run end to end: workload -> Graph IR -> passes -> Operator IR -> SystemC -> results.
#pragma once

#include "sim/config/run_config.h"
#include "sim/run/chip_simulation.h"
#include "sim/run/run_result.h"

namespace tessera {

// Front half (no simulation): the graph after passes and its lowering. Used by `tessera graph`.
void compile_workload(const RunSpec& spec, RunResult& out);

// Everything, including the simulation (at most once per process).
RunResult execute_run(const LoadedRun& run, const CommandObserver& observer = nullptr);

}  // namespace tessera
