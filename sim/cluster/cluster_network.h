// The cluster's network behind one interface for the run layer: a topology plus the backend the
// config chose (analytical: flow-level rounds; packet: packets, buffers and credits), timing a
// set of identical collectives that start together and returning the traffic each link carried.
// Ranks are placed data x tensor x pipeline as node = tp_rank + tp (dp_rank + dp stage), so a
// tensor-parallel group is contiguous (the fast, innermost dimension of a hierarchical network).
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "models/network/analytical_network.h"
#include "models/network/cluster_spec.h"
#include "models/network/collective.h"
#include "models/network/topology.h"
#include "models/spec/precision.h"
#include "sim/config/run_config.h"

namespace tessera {

struct LinkTraffic {
  double bytes = 0, busy_s = 0, stall_s = 0;
  double queue_integral = 0;  // queued packets (or sharing flows) x seconds
  int64_t peak_queue = 0;
};

struct TimedCollective {
  double seconds = 0;
  int64_t max_link_load = 0;
  std::vector<std::pair<int32_t, LinkTraffic>> traffic;  // links that carried anything
  std::vector<double> round_seconds;                     // analytical backend: each round
};

class ClusterNetwork {
 public:
  // Throws InputError for a topology that cannot be built (naming the problem).
  ClusterNetwork(const ClusterSpec& spec, NetworkBackend backend, double reduce_bytes_per_s);

  const Topology& topology() const { return topo_; }
  NetworkBackend backend() const { return backend_; }
  double reduce_bytes_per_s() const { return reduce_bw_; }

  TimedCollective time(const std::vector<CollectiveSchedule>& groups);

  // Rank placement for data x tensor x pipeline parallelism.
  static int32_t node_of(const ParallelismSpec& p, int64_t tp_rank, int64_t dp_rank,
                         int64_t stage) {
    return static_cast<int32_t>(tp_rank + p.tp * (dp_rank + p.dp * stage));
  }

 private:
  ClusterSpec spec_;
  Topology topo_;
  NetworkBackend backend_;
  double reduce_bw_;
  std::unique_ptr<AnalyticalNetwork> analytical_;
  AnalyticalNetwork::LinkTotals before_;
};

class PacketNetwork;
// The traffic of every link a packet-level run used.
std::vector<std::pair<int32_t, LinkTraffic>> packet_traffic(const PacketNetwork& net);

// How fast a node reduces received data: its vector units' adds (lanes x clock x cores x
// element bytes) or its memory (two reads and a write per element), whichever is slower.
double node_reduce_bytes_per_s(const ChipSpec& chip, Precision dtype);

}  // namespace tessera
