// One run end to end: workload -> Graph IR -> passes -> Operator IR -> SystemC -> results.
#pragma once

#include "sim/config/run_config.h"
#include "sim/platform/chip_platform.h"
#include "sim/run/run_result.h"

namespace tessera {

// Front half (no simulation): the graph after passes and its lowering. Used by `tessera graph`.
// With `parallel` (a cluster run), the graph is one node's share: split for tensor parallelism
// and divided into pipeline stages (the batch is the caller's micro-batch).
void compile_workload(const RunSpec& spec, RunResult& out,
                      const ParallelismSpec* parallel = nullptr);

// Back half: simulates the compiled program on the chip (at most once per process) and fills
// latency, energy and per-layer results.
void simulate_compiled(RunResult& r, const SimObservers& observers = {});

class ChipTracer;
// Everything, with the timeline written through `tracer` (which sees the compiled program).
RunResult execute_run_traced(const LoadedRun& run, ChipTracer& tracer);

// Everything, including the simulation (at most once per process).
RunResult execute_run(const LoadedRun& run, const SimObservers& observers = {});

}  // namespace tessera
