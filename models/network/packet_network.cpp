#include "models/network/packet_network.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tessera {

namespace {
SimTime secs(double s) {
  return static_cast<SimTime>(std::llround(s * kFsPerSecond));
}
}  // namespace

PacketNetwork::PacketNetwork(const Topology& topo, uint64_t packet_size, double reduce_bw,
                             double endpoint)
    : topo_(topo),
      packet_size_(std::max<uint64_t>(1, packet_size)),
      reduce_bw_(reduce_bw),
      endpoint_(endpoint) {
  const size_t nl = topo.links().size();
  link_free_.assign(nl, 0);
  rr_.assign(nl, 0);
  links_.assign(nl, PacketLinkStats{});
  buffered_.assign(nl, 0);
  occupancy_since_.assign(nl, 0);
  credits_.resize(nl);
  queue_of_.resize(nl);
  vertex_queues_.resize(static_cast<size_t>(topo.vertices()));
  const int vcs = topo.virtual_channels();
  for (size_t l = 0; l < nl; ++l) {
    const NetLink& L = topo.links()[l];
    credits_[l].assign(static_cast<size_t>(vcs),
                       static_cast<int32_t>(std::max<int64_t>(1, L.buffer_depth)));
    for (int v = 0; v < vcs; ++v) {
      queue_of_[l].push_back(static_cast<uint32_t>(queues_.size()));
      InputQueue q;
      q.from_link = static_cast<int32_t>(l);
      q.vc = static_cast<uint8_t>(v);
      queues_.push_back(q);
      vertex_queues_[static_cast<size_t>(L.to)].push_back(queue_of_[l].back());
    }
  }
  // One injection queue per outgoing link of every endpoint, so packets for different first
  // links do not block each other.
  for (int32_t n = 0; n < topo.nodes(); ++n)
    for (int32_t l : topo.out_links()[static_cast<size_t>(n)]) {
      (void)l;
      InputQueue q;
      q.from_link = -1;
      vertex_queues_[static_cast<size_t>(n)].push_back(static_cast<uint32_t>(queues_.size()));
      queues_.push_back(q);
    }
  reduce_free_.assign(static_cast<size_t>(topo.nodes()), 0);
}

void PacketNetwork::push(SimTime t, Ev kind, uint32_t a, uint32_t b) {
  events_q_.push(Event{t, seq_++, kind, a, b});
}

void PacketNetwork::load(const MessageDag& dag) {
  dag_ = &dag;
  const size_t nm = dag.messages.size();
  routes_.resize(nm);
  packets_left_.assign(nm, 0);
  deps_left_.assign(nm, 0);
  dependents_.assign(nm, {});
  next_after_.assign(nm, -1);
  injected_.assign(nm, false);
  times_.assign(nm, MessageTimes{});
  for (size_t m = 0; m < nm; ++m) {
    const NetMessage& msg = dag.messages[m];
    routes_[m] = topo_.route(msg.src, msg.dst);
    deps_left_[m] = msg.dep_count;
    for (uint32_t i = 0; i < msg.dep_count; ++i)
      dependents_[dag.deps[msg.dep_begin + i]].push_back(static_cast<uint32_t>(m));
    if (msg.after >= 0) next_after_[static_cast<size_t>(msg.after)] = static_cast<int32_t>(m);
  }
  for (size_t m = 0; m < nm; ++m)
    if (deps_left_[m] == 0 && dag.messages[m].after < 0)
      push(dag.collectives[dag.messages[m].collective].launch, Ev::MsgReady,
           static_cast<uint32_t>(m));
}

int32_t PacketNetwork::next_link(const Packet& p) const {
  const auto& r = routes_[p.msg];
  return p.hop < r.size() ? r[p.hop].link : -1;
}
uint8_t PacketNetwork::next_vc(const Packet& p) const {
  return routes_[p.msg][p.hop].vc;
}

void PacketNetwork::occupancy_change(int32_t link, int delta) {
  PacketLinkStats& s = links_[static_cast<size_t>(link)];
  s.queue_integral +=
      static_cast<double>(buffered_[static_cast<size_t>(link)]) *
      (static_cast<double>(now_ - occupancy_since_[static_cast<size_t>(link)]) / kFsPerSecond);
  occupancy_since_[static_cast<size_t>(link)] = now_;
  buffered_[static_cast<size_t>(link)] =
      static_cast<uint32_t>(static_cast<int>(buffered_[static_cast<size_t>(link)]) + delta);
  s.peak_queue = std::max(s.peak_queue, buffered_[static_cast<size_t>(link)]);
  if (on_occupancy) on_occupancy(link, now_, buffered_[static_cast<size_t>(link)]);
}

void PacketNetwork::message_ready(uint32_t m) {
  const NetMessage& msg = dag_->messages[m];
  times_[m].start = now_;
  injected_[m] = true;
  const auto& route = routes_[m];
  if (route.empty()) {  // to itself: nothing crosses the network
    packets_left_[m] = 1;
    push(now_, Ev::TailDelivered, UINT32_MAX, m);
  } else {
    const uint64_t n = std::max<uint64_t>(1, (msg.bytes + packet_size_ - 1) / packet_size_);
    packets_left_[m] = static_cast<uint32_t>(n);
    // The injection queue of the sender for this first link.
    const int32_t first = route[0].link;
    uint32_t q = UINT32_MAX;
    const auto& outs = topo_.out_links()[static_cast<size_t>(msg.src)];
    const auto& vq = vertex_queues_[static_cast<size_t>(msg.src)];
    size_t inject_base = vq.size() - outs.size();
    for (size_t i = 0; i < outs.size(); ++i)
      if (outs[i] == first) q = vq[inject_base + i];
    const SimTime at = now_ + secs(endpoint_);
    for (uint64_t k = 0; k < n; ++k) {
      uint64_t bytes =
          std::min<uint64_t>(packet_size_, msg.bytes - std::min(msg.bytes, k * packet_size_));
      packets_.push_back(Packet{m, static_cast<uint32_t>(bytes), 0, 0});
      waiting_since_.push_back(at);
      uint32_t pid = static_cast<uint32_t>(packets_.size() - 1);
      if (at > now_) {
        push(at, Ev::HeadArrive, pid,
             UINT32_MAX - q);  // arrives in the injection queue after the endpoint cost
      } else {
        queues_[q].packets.push_back(pid);
      }
    }
    if (at <= now_) try_output(first);
  }
  // The sender's next message in its stream may go now.
  int32_t nxt = next_after_[m];
  if (nxt >= 0 && deps_left_[static_cast<size_t>(nxt)] == 0 && !injected_[static_cast<size_t>(nxt)])
    push(now_, Ev::MsgReady, static_cast<uint32_t>(nxt));
}

void PacketNetwork::try_output(int32_t l) {
  if (link_free_[static_cast<size_t>(l)] > now_) return;  // a LinkFree event will retry
  const NetLink& L = topo_.links()[static_cast<size_t>(l)];
  const auto& vq = vertex_queues_[static_cast<size_t>(L.from)];
  const size_t nq = vq.size();
  for (size_t k = 0; k < nq; ++k) {
    const size_t idx = (rr_[static_cast<size_t>(l)] + k) % nq;
    InputQueue& q = queues_[vq[idx]];
    if (q.packets.empty()) continue;
    const uint32_t pid = q.packets.front();
    Packet& p = packets_[pid];
    if (next_link(p) != l) continue;
    const uint8_t vc = next_vc(p);
    const bool last = static_cast<size_t>(p.hop) + 1 == routes_[p.msg].size();
    if (!last && credits_[static_cast<size_t>(l)][vc] <= 0) continue;  // no room downstream
    q.packets.pop_front();
    if (q.from_link >= 0) occupancy_change(q.from_link, -1);
    const SimTime ser = secs(static_cast<double>(std::max<uint32_t>(p.bytes, 1)) / L.bandwidth);
    if (!q.packets.empty()) {
      // The queue's new head may want another output: let that output arbitrate too. Waiting
      // for the previous packet of its own message to serialize is not a stall: a stall is time
      // lost to other traffic or to missing credits.
      const uint32_t head = q.packets.front();
      const int32_t want = next_link(packets_[head]);
      const bool own = want == l && packets_[head].msg == p.msg;
      waiting_since_[head] = std::max(waiting_since_[head], own ? now_ + ser : now_);
      if (want != l) push(now_, Ev::LinkFree, static_cast<uint32_t>(want));
    }
    rr_[static_cast<size_t>(l)] = static_cast<uint32_t>((idx + 1) % nq);
    link_free_[static_cast<size_t>(l)] = now_ + ser;
    if (on_packet) on_packet(l, now_, now_ + ser, p.msg);
    if (!last) credits_[static_cast<size_t>(l)][vc]--;
    PacketLinkStats& s = links_[static_cast<size_t>(l)];
    s.bytes += p.bytes;
    s.packets++;
    s.busy += ser;
    if (now_ > waiting_since_[pid]) s.stall += now_ - waiting_since_[pid];
    // The slot this packet held upstream frees when its tail has left, and the credit needs a
    // link latency to travel back.
    if (q.from_link >= 0) {
      const NetLink& up = topo_.links()[static_cast<size_t>(q.from_link)];
      push(now_ + ser + secs(up.latency_s), Ev::Credit, static_cast<uint32_t>(q.from_link), q.vc);
    }
    p.vc = vc;
    push(now_ + ser, Ev::LinkFree, static_cast<uint32_t>(l));
    if (last) {
      push(now_ + ser + secs(L.latency_s + L.switch_latency_s), Ev::TailDelivered, pid,
           static_cast<uint32_t>(l));
    } else {
      push(now_ + secs(L.latency_s + L.switch_latency_s), Ev::HeadArrive, pid,
           static_cast<uint32_t>(l));
    }
    return;
  }
}

void PacketNetwork::try_vertex(int32_t v) {
  for (int32_t l : topo_.out_links()[static_cast<size_t>(v)]) try_output(l);
}

void PacketNetwork::delivered(uint32_t m) {
  times_[m].done = now_;
  ++delivered_;
  for (uint32_t d : dependents_[m]) {
    if (--deps_left_[d] > 0) continue;
    int32_t after = dag_->messages[d].after;
    if (after < 0 || injected_[static_cast<size_t>(after)]) push(now_, Ev::MsgReady, d);
  }
}

SimTime PacketNetwork::next_event() const {
  return events_q_.empty() ? UINT64_MAX : events_q_.top().t;
}

bool PacketNetwork::advance(SimTime until) {
  while (!events_q_.empty() && events_q_.top().t <= until) {
    Event e = events_q_.top();
    events_q_.pop();
    now_ = e.t;
    ++events_;
    switch (e.kind) {
      case Ev::MsgReady:
        if (!injected_[e.a]) message_ready(e.a);
        break;
      case Ev::HeadArrive: {
        Packet& p = packets_[e.a];
        if (e.b > UINT32_MAX / 2) {  // entering an injection queue after the endpoint cost
          uint32_t q = UINT32_MAX - e.b;
          queues_[q].packets.push_back(e.a);
          try_output(next_link(p));
          break;
        }
        const int32_t l = static_cast<int32_t>(e.b);
        p.hop++;
        const uint32_t q = queue_of_[static_cast<size_t>(l)][p.vc];
        queues_[q].packets.push_back(e.a);
        occupancy_change(l, +1);
        if (queues_[q].packets.size() == 1) waiting_since_[e.a] = now_;
        try_output(next_link(p));
        break;
      }
      case Ev::LinkFree:
        try_output(static_cast<int32_t>(e.a));
        break;
      case Ev::Credit:
        credits_[e.a][e.b]++;
        try_output(static_cast<int32_t>(e.a));
        break;
      case Ev::TailDelivered: {
        uint32_t m = e.a == UINT32_MAX ? e.b : packets_[e.a].msg;
        if (--packets_left_[m] > 0) break;
        times_[m].arrive = now_;
        const NetMessage& msg = dag_->messages[m];
        if (msg.reduce_bytes > 0 && reduce_bw_ > 0) {
          SimTime start = std::max(now_, reduce_free_[static_cast<size_t>(msg.dst)]);
          SimTime done = start + secs(static_cast<double>(msg.reduce_bytes) / reduce_bw_);
          reduce_free_[static_cast<size_t>(msg.dst)] = done;
          push(done, Ev::ReduceDone, m);
        } else {
          delivered(m);
        }
        break;
      }
      case Ev::ReduceDone:
        delivered(e.a);
        break;
    }
  }
  return !events_q_.empty();
}

void PacketNetwork::check_complete() const {
  if (!dag_ || delivered_ == dag_->messages.size()) return;
  // Deadlock: name the links whose downstream buffers are full while packets wait for them.
  std::ostringstream os;
  os << "network deadlock: " << dag_->messages.size() - delivered_
     << " messages never arrived; blocked links:";
  int shown = 0;
  for (size_t l = 0; l < credits_.size() && shown < 5; ++l) {
    bool full = false;
    for (int32_t c : credits_[l]) full = full || c <= 0;
    if (!full) continue;
    os << " " << topo_.links()[l].name << " (buffer full)";
    ++shown;
  }
  if (!shown) os << " none full (messages wait on dependencies that never completed)";
  throw std::runtime_error(os.str());
}

void PacketNetwork::run() {
  while (advance(UINT64_MAX)) {
  }
  check_complete();
}

}  // namespace tessera
