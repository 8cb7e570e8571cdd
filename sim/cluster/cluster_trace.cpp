#include "sim/cluster/cluster_trace.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace tessera {

namespace {

constexpr int32_t kMaxNodes = 64;  // node processes in a trace
constexpr int kNodePid0 = 10;      // node n is process 10 + n
constexpr int kNetworkPid = 5;     // links (packet level)
constexpr int kSendTid0 = 1, kMaxLanes = 16, kRecvTid = 100;

// Assigns slices to the first lane free at their start (slices on one lane never overlap).
struct Lanes {
  std::vector<double> end;
  int take(double start, double finish) {
    for (size_t i = 0; i < end.size(); ++i)
      if (end[i] <= start) {
        end[i] = finish;
        return static_cast<int>(i);
      }
    if (static_cast<int>(end.size()) < kMaxLanes) {
      end.push_back(finish);
      return static_cast<int>(end.size() - 1);
    }
    return -1;  // too much overlap: not drawn
  }
};

}  // namespace

void ClusterTracer::name_nodes(int32_t nodes) {
  traced_nodes_ = std::min(nodes, kMaxNodes);
  for (int32_t n = 0; n < traced_nodes_; ++n) {
    w_.process(kNodePid0 + n, "node " + std::to_string(n), n + 1);
    w_.thread(kNodePid0 + n, kRecvTid, "receives", kRecvTid);
  }
  if (nodes > kMaxNodes) {
    w_.process(TraceWriter::kNotesPid, "trace notes", -1);
    w_.thread(TraceWriter::kNotesPid, 0, "notes", 0);
    w_.instant(TraceWriter::kNotesPid, 0,
               "nodes " + std::to_string(kMaxNodes) + " to " + std::to_string(nodes - 1) +
                   " are not traced",
               0);
  }
}

void ClusterTracer::attach(const Topology& topo, PacketNetwork& net) {
  if (!w_.wants(TraceLevel::Command)) return;
  const auto& links = topo.links();
  link_names_.clear();
  for (const auto& l : links) link_names_.push_back(l.name);
  link_busy_ = std::make_unique<BusyWindows>(links.size());
  const bool packets = w_.wants(TraceLevel::Packet);
  if (packets) {
    w_.process(kNetworkPid, "network links", 0);
    for (size_t l = 0; l < links.size(); ++l)
      w_.thread(kNetworkPid, static_cast<int>(l), links[l].name, static_cast<int>(l));
    net.on_occupancy = [this](int32_t link, SimTime t, uint32_t buffered) {
      w_.counter(kNetworkPid, "queue " + link_names_[static_cast<size_t>(link)], fs_to_seconds(t),
                 {{"packets", static_cast<double>(buffered)}});
    };
  } else {
    w_.process(kNetworkPid, "network links", 0);
  }
  net.on_packet = [this, packets](int32_t link, SimTime s, SimTime e, uint32_t msg) {
    link_busy_->add(static_cast<size_t>(link), fs_to_seconds(s), fs_to_seconds(e));
    if (packets)
      w_.complete(kNetworkPid, link, "packet", "packet", fs_to_seconds(s), fs_to_seconds(e - s),
                  {TraceArg("message", static_cast<uint64_t>(msg))});
  };
}

// One counter track per link that carried traffic: the fraction of each window it was busy.
void ClusterTracer::link_counters() {
  if (!link_busy_) return;
  const BusyWindows& b = *link_busy_;
  const double width = b.width_s();
  for (size_t l = 0; l < b.series(); ++l) {
    if (!b.used(l)) continue;
    const std::string name = "utilization " + link_names_[l];
    for (size_t k = 0; k < b.windows_used(); ++k)
      w_.counter(kNetworkPid, name, width * static_cast<double>(k),
                 {{"fraction", b.busy_s(l, k) / width}});
    w_.counter(kNetworkPid, name, width * static_cast<double>(b.windows_used()),
               {{"fraction", 0.0}});
  }
}

void ClusterTracer::packet_benchmark(const Topology& topo, const MessageDag& dag,
                                     const PacketNetwork& net) {
  name_nodes(topo.nodes());
  std::vector<Lanes> lanes(static_cast<size_t>(traced_nodes_));
  std::vector<std::vector<bool>> named(static_cast<size_t>(traced_nodes_),
                                       std::vector<bool>(kMaxLanes, false));
  for (size_t m = 0; m < dag.messages.size(); ++m) {
    const NetMessage& msg = dag.messages[m];
    const MessageTimes& t = net.times()[m];
    if (msg.src >= traced_nodes_) continue;
    const double s = fs_to_seconds(t.start), a = fs_to_seconds(t.arrive), d = fs_to_seconds(t.done);
    const int lane = lanes[static_cast<size_t>(msg.src)].take(s, a);
    if (lane < 0) continue;
    if (!named[static_cast<size_t>(msg.src)][static_cast<size_t>(lane)]) {
      named[static_cast<size_t>(msg.src)][static_cast<size_t>(lane)] = true;
      w_.thread(kNodePid0 + msg.src, kSendTid0 + lane, "sends " + std::to_string(lane),
                kSendTid0 + lane);
    }
    const std::string name = "to node " + std::to_string(msg.dst);
    w_.complete(kNodePid0 + msg.src, kSendTid0 + lane, name, "send", s, a - s,
                {TraceArg("bytes", msg.bytes),
                 TraceArg("collective", static_cast<uint64_t>(msg.collective))});
    if (msg.dst < traced_nodes_) {
      w_.complete(kNodePid0 + msg.dst, kRecvTid, msg.reduce_bytes ? "receive + reduce" : "receive",
                  "receive", a, std::max(0.0, d - a),
                  {TraceArg("from", static_cast<uint64_t>(msg.src)), TraceArg("bytes", msg.bytes)});
      w_.flow(m + 1, "message", kNodePid0 + msg.src, kSendTid0 + lane, s, kNodePid0 + msg.dst,
              kRecvTid, a);
    }
  }
  link_counters();
  SimTime end = 0;
  for (const auto& t : net.times()) end = std::max(end, t.done);
  const double T = fs_to_seconds(end);
  if (T <= 0) return;
  const auto& stats = net.link_stats();
  double busy = 0;
  for (const auto& l : stats) busy += fs_to_seconds(l.busy);
  w_.counter(kNodePid0, "average link utilization", 0,
             {{"fraction", busy / T / static_cast<double>(std::max<size_t>(1, stats.size()))}});
}

void ClusterTracer::analytical_benchmark(const Topology& topo, const CollectiveSchedule& s,
                                         const std::vector<double>& rounds) {
  name_nodes(topo.nodes());
  const int32_t p = static_cast<int32_t>(s.request.ranks.size());
  for (int32_t n = 0; n < traced_nodes_; ++n)
    w_.thread(kNodePid0 + n, kSendTid0, "rounds", kSendTid0);
  double t = 0;
  uint64_t flow_id = 1;
  for (size_t r = 0; r < rounds.size(); ++r) {
    for (int32_t n = 0; n < traced_nodes_; ++n)
      w_.complete(kNodePid0 + n, kSendTid0, "round " + std::to_string(r), "round", t, rounds[r],
                  {TraceArg("op", collective_op_name(s.request.op)),
                   TraceArg("algorithm", collective_algorithm_name(s.request.algorithm))});
    // Arrows for this round's messages among traced nodes (the first stream's step).
    size_t seen = 0;
    for (size_t i = 0; i < s.steps.size() && seen <= r; ++i) {
      if (s.steps[i].stream != 0) continue;
      if (seen++ != r) continue;
      for (const auto& [from, to] : s.steps[i].messages(p)) {
        const int32_t a = s.request.ranks[static_cast<size_t>(from)],
                      b = s.request.ranks[static_cast<size_t>(to)];
        if (a == b || a >= traced_nodes_ || b >= traced_nodes_) continue;
        w_.complete(kNodePid0 + b, kRecvTid, "from node " + std::to_string(a), "receive",
                    t + rounds[r], 0, {});
        w_.flow(flow_id++, "message", kNodePid0 + a, kSendTid0, t, kNodePid0 + b, kRecvTid,
                t + rounds[r]);
      }
    }
    t += rounds[r];
  }
}

void ClusterTracer::model(const ClusterResult& r) {
  const ParallelismSpec& par = r.spec.cluster.parallelism;
  const int pp = static_cast<int>(par.pp);
  enum { kCompute = 1, kTp = 2, kDp = 3, kSendF = 4, kSendB = 5 };
  for (int s = 0; s < pp; ++s) {
    const int pid = kNodePid0 + s;
    const int64_t first = s * par.dp * par.tp, last = first + par.dp * par.tp - 1;
    w_.process(pid,
               "stage " + std::to_string(s) + " (nodes " + std::to_string(first) + "-" +
                   std::to_string(last) + ")",
               s + 1);
    w_.thread(pid, kCompute, "compute", kCompute);
    w_.thread(pid, kTp, "tensor-parallel collectives", kTp);
    w_.thread(pid, kDp, "data-parallel all-reduce", kDp);
    w_.thread(pid, kSendF, "pipeline sends (activations)", kSendF);
    w_.thread(pid, kSendB, "pipeline sends (gradients)", kSendB);
  }
  for (const TaskInterval& t : r.step.tasks) {
    const std::string name = t.microbatch < 0 ? "optimizer"
                                              : (t.forward ? "forward mb " : "backward mb ") +
                                                    std::to_string(t.microbatch);
    w_.complete(kNodePid0 + t.stage, kCompute, name,
                t.microbatch < 0 ? "optimizer" : (t.forward ? "forward" : "backward"), t.start_s,
                t.end_s - t.start_s, {});
  }
  uint64_t flow_id = 1;
  for (const CollectiveRecord& c : r.collectives) {
    const int s = std::max(0, c.stage);
    const int pid = kNodePid0 + s;
    int tid = kTp;
    if (c.group == "data_parallel") tid = kDp;
    if (c.group == "pipeline_forward") tid = kSendF;
    if (c.group == "pipeline_backward") tid = kSendB;
    w_.complete(pid, tid, c.op + " " + c.algorithm, c.group.c_str(), c.start_s, c.end_s - c.start_s,
                {TraceArg("bytes", c.bytes), TraceArg("ranks", static_cast<uint64_t>(c.ranks)),
                 TraceArg("busbw_GBps", c.busbw / 1e9)});
    // A pipeline send's arrow lands on the next (previous) stage's compute when it arrives.
    if (tid == kSendF && s + 1 < pp) {
      w_.flow(flow_id++, "activations", pid, kSendF, c.start_s, kNodePid0 + s + 1, kCompute,
              c.end_s);
    } else if (tid == kSendB && s > 0) {
      w_.flow(flow_id++, "gradients", pid, kSendB, c.start_s, kNodePid0 + s - 1, kCompute, c.end_s);
    }
  }
}

}  // namespace tessera
