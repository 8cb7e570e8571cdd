// A run on a cluster config: either a collective microbenchmark (`allreduce:bytes=64MiB,...`)
// or one training step / inference batch of a model under data x tensor x pipeline parallelism.
//
// A model run compiles one node's share of the model (tensor-parallel split, pipeline stages,
// one micro-batch), simulates it cycle by cycle on the node chip once (SystemC; every node of a
// stage runs the same program), takes each layer's time from that simulation, and composes the
// step from those times and the network's collective times (sim/cluster/step_schedule.h).
#pragma once

#include <string>
#include <vector>

#include "sim/cluster/step_schedule.h"
#include "sim/config/run_config.h"
#include "sim/run/run_result.h"

namespace tessera {

struct CollectiveRecord {
  std::string op, algorithm, group;  // group: benchmark, tensor_parallel, data_parallel, pipeline_*
  uint64_t bytes = 0;
  int64_t ranks = 0;
  int32_t stage = -1;
  double start_s = 0, end_s = 0;
  double algbw = 0, busbw = 0;  // bytes/s (NCCL's definitions)
};

struct LinkRecord {
  std::string name;
  double bytes = 0, busy_s = 0, utilization = 0, stall_s = 0, mean_queue = 0;
  int64_t peak_queue = 0;
  uint64_t stall_cycles = 0;  // in cycles of the node chip's reference clock
};

struct ClusterResult {
  RunSpec spec;
  ConfigNode resolved;
  bool benchmark = false;
  std::string workload;
  std::string backend, topology;
  int64_t nodes = 0;
  double latency_s = 0;
  double clock_hz = 0;  // node reference clock (stall cycles)
  // Model runs.
  bool has_node = false;
  RunResult node;  // one node, one micro-batch
  StepResult step;
  int64_t global_batch = 0, microbatch_size = 0;
  double energy_j = 0;                        // nodes (model runs) plus the network
  double network_energy_j = 0;                // bytes on links x energy per bit of their kind
  std::vector<int64_t> stage_layers;          // operators per pipeline stage
  std::vector<int32_t> stage_representative;  // per stage: the identical stage that was simulated
  // Network.
  std::vector<CollectiveRecord> collectives;
  uint64_t collectives_total = 0;
  std::vector<LinkRecord> links;  // links that carried traffic, by name order of the topology
  size_t link_count = 0;
  uint64_t network_events = 0, kernel_wakeups = 0;
  std::vector<std::string> notes;
};

class ClusterTracer;
// Throws InputError / ConfigError / ModelError (one line each) like execute_run. With a tracer,
// the timeline is written through it (the node's own chip timeline is not included).
ClusterResult execute_cluster_run(const LoadedRun& run, ClusterTracer* tracer = nullptr);

// Checks a cluster run without simulating: the topology, the collective workload or the node's
// share of the model (compiled and mapped). Returns a one-line description.
std::string validate_cluster_run(const LoadedRun& run);

}  // namespace tessera
