// Timing core of the on-chip interconnect (no SystemC): links with a bandwidth and a hop
// latency, and the routes of a crossbar or a 2-D mesh (dimension-order XY routing).
//
// Packets move cut-through: a packet starts on a link when its head arrives and the link is
// free, occupies the link for its serialization time (bytes / bandwidth), and its head reaches
// the next hop `hop_latency` cycles after it started. Uncontended, a packet over H links arrives
// H x hop_latency + serialization after it was sent. Links serve packets in arrival order, so
// flows that share a link share its bandwidth.
//
// As a memory target, the interconnect carries each burst's request (a header, plus the data of
// a write) from its core to the memory port its address maps to, forwards it to the next level
// (the L2 or the DRAM), and carries the response (a header, plus the data of a read) back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/platform/memory_target.h"
#include "models/timing/busy_timeline.h"
#include "models/timing/clock.h"

namespace tessera {

class NocLink {
 public:
  NocLink(std::string name, uint64_t bytes_per_cycle, uint32_t hop_latency, Clock clock)
      : name_(std::move(name)),
        bytes_per_cycle_(bytes_per_cycle),
        hop_latency_(hop_latency),
        clock_(clock),
        timeline_(clock.period) {}
  // Sends a packet whose head arrives at `head`; returns when its head reaches the next hop, and
  // sets `tail_next` to when its last byte reaches the next hop. `horizon` is the current time
  // (no packet can arrive earlier).
  SimTime send(SimTime head, uint64_t bytes, SimTime* tail_next, SimTime horizon);

  const std::string& name() const { return name_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t packets() const { return packets_; }
  SimTime busy() const { return busy_; }
  SimTime stall() const { return stall_; }  // total time packets waited for the link
  uint32_t peak_queue() const { return peak_queue_; }
  uint64_t bytes_per_cycle() const { return bytes_per_cycle_; }
  const Clock& clock() const { return clock_; }

 private:
  std::string name_;
  uint64_t bytes_per_cycle_;
  uint32_t hop_latency_;
  Clock clock_;
  BusyTimeline timeline_;
  uint64_t bytes_ = 0, packets_ = 0;
  SimTime busy_ = 0, stall_ = 0;
  uint32_t peak_queue_ = 0;
};

enum class NocTopology : uint8_t { Crossbar, Mesh };

// The links of a chip and the route between a core and a memory port.
class NocTiming : public MemoryTarget, public MemoryCallback {
 public:
  // Crossbar: every core and every memory port has one link into the switch and one out.
  // Mesh: cols x rows routers (core i sits at router i), links between neighbours in both
  // directions, plus injection/ejection links at each router; memory port p sits at router
  // port_nodes[p].
  NocTiming(NocTopology topo, uint32_t cores, uint32_t ports, uint32_t cols, uint32_t rows,
            std::vector<uint32_t> port_nodes, uint64_t bytes_per_cycle, uint32_t hop_latency,
            Clock clock);

  // Sends a packet from core to port (request) or port to core (response); returns its delivery
  // time (tail arrived).
  SimTime to_port(uint32_t core, uint32_t port, SimTime t, uint64_t bytes, SimTime horizon);
  SimTime to_core(uint32_t port, uint32_t core, SimTime t, uint64_t bytes, SimTime horizon);

  // Memory-target use: the level behind the ports, the bytes of a packet header, and which port
  // serves an address.
  void connect(MemoryTarget* downstream, uint64_t header_bytes,
               std::function<uint32_t(uint64_t)> port_of) {
    downstream_ = downstream;
    header_ = header_bytes;
    port_of_ = std::move(port_of);
  }
  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override;
  void burst_done(uint64_t tag, SimTime done, SimTime now) override;
  uint32_t port_of(uint64_t addr) const { return port_of_(addr); }

  std::vector<NocLink>& links() { return links_; }
  const std::vector<NocLink>& links() const { return links_; }
  uint32_t hops(uint32_t core, uint32_t port) const;

 private:
  SimTime traverse(const std::vector<uint32_t>& path, SimTime t, uint64_t bytes, SimTime horizon);
  std::vector<uint32_t> route(uint32_t from_node,
                              uint32_t to_node) const;  // mesh links between routers
  uint32_t link_between(uint32_t a, uint32_t b) const;

  NocTopology topo_;
  uint32_t cores_, ports_, cols_, rows_;
  std::vector<uint32_t> port_nodes_;
  std::vector<NocLink> links_;
  // Crossbar: core_up[c], core_down[c], port_up[p], port_down[p]. Mesh: inject/eject per router,
  // and neighbour links.
  std::vector<uint32_t> core_up_, core_down_, port_up_, port_down_;
  std::vector<int32_t> neighbour_;  // router a * routers + b -> link index, -1 if not adjacent
  std::vector<std::vector<uint32_t>> req_paths_, resp_paths_;  // [core * ports + port]

  // Bursts whose completion the next level deferred: where to send the response.
  struct Pending {
    MemoryCallback* cb;
    uint64_t tag;
    uint32_t core, port;
    uint64_t bytes;  // response packet
  };
  MemoryTarget* downstream_ = nullptr;
  uint64_t header_ = 0;
  std::function<uint32_t(uint64_t)> port_of_;
  std::vector<Pending> pending_;
  std::vector<uint32_t> free_;
};

}  // namespace tessera
