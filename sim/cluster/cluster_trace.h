// Timeline of a cluster run in the Chrome trace-event format.
//  - Collective microbenchmarks: one process per node (the first 64; the trace says when it
//    stops there), its sends as slices on send lanes and its receives, with flow arrows from
//    each send to its receive (packet backend) or the rounds of the collective (analytical);
//    at the packet level a "network" process with a thread per link and every packet on it.
//  - Model runs: nodes of a pipeline stage run in lockstep, so one process per stage (its nodes
//    in the name) with threads for compute (micro-batch tasks, optimizer), tensor-parallel,
//    data-parallel and pipeline communication, and flow arrows for pipeline sends.
//  - Counters (packet backend): utilization of every link over time, and at the packet level
//    the packets queued at each link's receiving end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/network/message_dag.h"
#include "models/network/packet_network.h"
#include "models/network/topology.h"
#include "sim/cluster/cluster_run.h"
#include "traces/busy_windows.h"
#include "traces/trace_writer.h"

namespace tessera {

class ClusterTracer {
 public:
  explicit ClusterTracer(TraceWriter& w) : w_(w) {}
  TraceWriter& writer() { return w_; }

  // Packet backend: hooks the network before it runs (packet-level slices per link).
  void attach(const Topology& topo, PacketNetwork& net);
  void packet_benchmark(const Topology& topo, const MessageDag& dag, const PacketNetwork& net);
  void analytical_benchmark(const Topology& topo, const CollectiveSchedule& s,
                            const std::vector<double>& rounds);
  void model(const ClusterResult& r);

 private:
  void name_nodes(int32_t nodes);
  void link_counters();  // utilization per link and window, after the run
  TraceWriter& w_;
  std::vector<std::string> link_names_;
  std::unique_ptr<BusyWindows> link_busy_;
  int32_t traced_nodes_ = 0;
};

}  // namespace tessera
