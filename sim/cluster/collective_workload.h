// Collective microbenchmarks as workloads, in the spirit of nccl-tests:
//   allreduce:bytes=64MiB,algorithm=ring,chunks=4,count=2
// op (allreduce, reducescatter, allgather, alltoall, broadcast, sendrecv) then key=value
// options: bytes (NCCL's size convention, see collective.h), algorithm and chunks (default: the
// cluster's), count (identical collectives launched together on the same ranks, to measure
// contention), dtype (element type of reductions: fp32, bf16, fp16, int8), root (broadcast),
// peer (send/recv destination; source is root).
#pragma once

#include <cstdint>
#include <string>

#include "models/network/cluster_spec.h"
#include "models/network/collective.h"
#include "models/spec/precision.h"

namespace tessera {

struct CollectiveWorkload {
  CollectiveOp op = CollectiveOp::AllReduce;
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::Ring;
  uint64_t bytes = 0;
  int64_t chunks = 1;
  int64_t count = 1;
  Precision dtype = Precision::FP32;
  int32_t root = 0, peer = 1;
};

// True when `model` names a collective (with or without options).
bool is_collective_workload(const std::string& model);
// Throws InputError naming the bad option.
CollectiveWorkload parse_collective_workload(const std::string& model, const ClusterSpec& cluster);

}  // namespace tessera
