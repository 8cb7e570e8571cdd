// Packet-level network timing core (no SystemC; the SystemC shell is models/sc/network_module).
//
// Messages are cut into packets of at most `packet_size` bytes that cross links with finite
// buffers under credit-based flow control: a packet may start on a link only when the
// downstream buffer of its virtual channel has a free slot (a credit); the slot is returned to
// the sender one link latency after the packet's tail leaves it. Packets move by virtual
// cut-through: a packet can start on its next link as soon as its head has arrived. Each output
// port serves its input queues round-robin (only the head packet of each queue competes), so
// congestion, back-pressure and head-of-line blocking emerge instead of being assumed. Routes
// come from the Topology (dimension order with dateline virtual channels on tori, ECMP on trees).
//
// Message dependencies and per-node reductions follow collective.h; when the event queue runs
// dry with messages still undelivered the network is deadlocked, and run() throws naming the
// links whose buffers are full.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "models/network/message_dag.h"
#include "models/network/topology.h"
#include "models/timing/clock.h"

namespace tessera {

struct MessageTimes {
  SimTime start = 0, arrive = 0, done = 0;
};

struct PacketLinkStats {
  uint64_t bytes = 0, packets = 0;
  SimTime busy = 0;
  SimTime stall = 0;          // time head packets waited for this link (busy link or no credit)
  uint32_t peak_queue = 0;    // packets buffered at the link's receiving end
  double queue_integral = 0;  // packets x seconds, for the mean occupancy
};

class PacketNetwork {
 public:
  PacketNetwork(const Topology& topo, uint64_t packet_size, double reduce_bytes_per_s,
                double endpoint_latency_s);

  void load(const MessageDag& dag);
  // Processes events up to and including time `until`; returns false when nothing is left.
  bool advance(SimTime until);
  SimTime next_event() const;  // UINT64_MAX when idle
  // Runs to completion (used without SystemC); throws std::runtime_error on deadlock.
  void run();
  void check_complete() const;  // throws the deadlock report if messages remain

  const std::vector<MessageTimes>& times() const { return times_; }
  const std::vector<PacketLinkStats>& link_stats() const { return links_; }
  SimTime now() const { return now_; }
  // Packet-level tracing: called when a packet starts on a link (link, start, end of its
  // serialization, message). Empty: off (one branch per packet).
  std::function<void(int32_t link, SimTime start, SimTime end, uint32_t msg)> on_packet;
  // Called whenever the packets buffered at a link's receiving end change (link, time, count).
  std::function<void(int32_t link, SimTime t, uint32_t buffered)> on_occupancy;
  uint64_t events() const { return events_; }

 private:
  struct Packet {
    uint32_t msg;
    uint32_t bytes;
    uint16_t hop;  // index of the link it is on / waiting for
    uint8_t vc;
  };
  struct InputQueue {  // packets buffered at a vertex, arrived over one link and VC (or injected)
    std::deque<uint32_t> packets;
    int32_t from_link = -1;  // -1: injection queue of an endpoint
    uint8_t vc = 0;
  };
  enum class Ev : uint8_t { HeadArrive, LinkFree, Credit, TailDelivered, ReduceDone, MsgReady };
  struct Event {
    SimTime t;
    uint64_t seq;
    Ev kind;
    uint32_t a, b;
    bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };

  void push(SimTime t, Ev kind, uint32_t a, uint32_t b = 0);
  void message_ready(uint32_t m);
  void try_output(int32_t link);
  void try_vertex(int32_t vertex);
  void delivered(uint32_t m);
  int32_t next_link(const Packet& p) const;
  uint8_t next_vc(const Packet& p) const;
  void occupancy_change(int32_t link, int delta);

  const Topology& topo_;
  uint64_t packet_size_;
  double reduce_bw_, endpoint_;
  const MessageDag* dag_ = nullptr;
  std::vector<std::vector<Hop>> routes_;  // per message
  std::vector<Packet> packets_;
  std::vector<uint32_t> packets_left_, deps_left_;
  std::vector<std::vector<uint32_t>> dependents_;
  std::vector<int32_t> next_after_;  // message injected right after this one (same sender stream)
  std::vector<bool> injected_;
  std::vector<MessageTimes> times_;
  std::vector<InputQueue> queues_;
  std::vector<std::vector<uint32_t>> vertex_queues_;  // queues at each vertex
  std::vector<uint32_t> rr_;                          // per output link: round-robin position
  std::vector<SimTime> link_free_;
  std::vector<std::vector<int32_t>> credits_;    // per link, per VC
  std::vector<std::vector<uint32_t>> queue_of_;  // per link, per VC: downstream queue index
  std::vector<uint32_t> buffered_;               // per link: packets in its downstream buffer
  std::vector<SimTime> occupancy_since_;
  std::vector<SimTime> reduce_free_;  // per node
  std::vector<PacketLinkStats> links_;
  std::vector<SimTime> waiting_since_;  // per packet: head of its queue since
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_q_;
  uint64_t seq_ = 0, events_ = 0;
  SimTime now_ = 0;
  uint64_t delivered_ = 0;
};

}  // namespace tessera
