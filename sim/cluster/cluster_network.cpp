#include "sim/cluster/cluster_network.h"

#include <algorithm>
#include <stdexcept>

#include "models/network/message_dag.h"
#include "models/network/packet_network.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

Topology build_topology(const ClusterSpec& spec) {
  try {
    return Topology(spec);
  } catch (const std::invalid_argument& e) {
    throw InputError(std::string("cluster: ") + e.what());
  }
}

}  // namespace

ClusterNetwork::ClusterNetwork(const ClusterSpec& spec, NetworkBackend backend,
                               double reduce_bytes_per_s)
    : spec_(spec), topo_(build_topology(spec)), backend_(backend), reduce_bw_(reduce_bytes_per_s) {
  if (backend_ == NetworkBackend::Analytical) {
    analytical_ = std::make_unique<AnalyticalNetwork>(topo_, reduce_bw_, spec_.endpoint_latency_s);
    before_ = analytical_->link_totals();
  }
}

TimedCollective ClusterNetwork::time(const std::vector<CollectiveSchedule>& groups) {
  TimedCollective out;
  if (groups.empty()) return out;
  if (backend_ == NetworkBackend::Analytical) {
    CollectiveTiming t = analytical_->time_concurrent(groups);
    out.seconds = t.seconds;
    out.max_link_load = t.max_link_load;
    out.round_seconds = t.round_seconds;
    AnalyticalNetwork::LinkTotals after = analytical_->link_totals();
    for (size_t l = 0; l < after.bytes.size(); ++l) {
      const double b = after.bytes[l] - before_.bytes[l];
      if (b <= 0) continue;
      LinkTraffic x;
      x.bytes = b;
      x.busy_s = after.busy_s[l] - before_.busy_s[l];
      x.stall_s = after.stall_s[l] - before_.stall_s[l];
      x.queue_integral = after.queue_integral[l] - before_.queue_integral[l];
      x.peak_queue = after.peak_flows[l];
      out.traffic.emplace_back(static_cast<int32_t>(l), x);
    }
    before_ = std::move(after);
    return out;
  }
  MessageDag dag;
  for (const auto& g : groups) append_collective(dag, g, 0);
  PacketNetwork net(topo_, spec_.packet_size, reduce_bw_, spec_.endpoint_latency_s);
  net.load(dag);
  try {
    net.run();
  } catch (const std::runtime_error& e) {
    throw ModelError("cluster.network", fs_to_seconds(net.now()), e.what());
  }
  SimTime end = 0;
  for (const MessageTimes& m : net.times()) end = std::max(end, m.done);
  out.seconds = fs_to_seconds(end);
  out.traffic = packet_traffic(net);
  for (const auto& kv : out.traffic)
    out.max_link_load = std::max(out.max_link_load, kv.second.peak_queue);
  return out;
}

std::vector<std::pair<int32_t, LinkTraffic>> packet_traffic(const PacketNetwork& net) {
  std::vector<std::pair<int32_t, LinkTraffic>> out;
  const auto& stats = net.link_stats();
  for (size_t l = 0; l < stats.size(); ++l) {
    if (stats[l].bytes == 0) continue;
    LinkTraffic x;
    x.bytes = static_cast<double>(stats[l].bytes);
    x.busy_s = fs_to_seconds(stats[l].busy);
    x.stall_s = fs_to_seconds(stats[l].stall);
    x.queue_integral = stats[l].queue_integral;
    x.peak_queue = stats[l].peak_queue;
    out.emplace_back(static_cast<int32_t>(l), x);
  }
  return out;
}

double node_reduce_bytes_per_s(const ChipSpec& chip, Precision dtype) {
  const double elem = std::max(1.0, static_cast<double>(precision_bits(dtype)) / 8.0);
  const double vector = static_cast<double>(chip.vector_unit.lanes) * chip.vector_clock_hz() *
                        static_cast<double>(chip.cores) * elem;
  const double memory = chip.dram.bandwidth * static_cast<double>(chip.dram.channels) / 3.0;
  if (vector <= 0) return memory;
  if (memory <= 0) return vector;
  return std::min(vector, memory);
}

}  // namespace tessera
