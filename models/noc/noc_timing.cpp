#include "models/noc/noc_timing.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tessera {

SimTime NocLink::send(SimTime head, uint64_t bytes, SimTime* tail_next, SimTime horizon) {
  head = clock_.align_up(head);
  const SimTime ser = clock_.cycles((bytes + bytes_per_cycle_ - 1) / bytes_per_cycle_);
  const SimTime start_fs = timeline_.reserve(head, ser, horizon);
  // Occupancy seen on arrival: this packet plus those it waits behind (its wait divided by the
  // time one such packet holds the link).
  uint32_t queue = 1 + static_cast<uint32_t>((start_fs - head) / std::max<SimTime>(ser, 1));
  peak_queue_ = std::max(peak_queue_, queue);
  stall_ += start_fs - head;
  busy_ += ser;
  bytes_ += bytes;
  ++packets_;
  *tail_next = start_fs + ser + clock_.cycles(hop_latency_);
  return start_fs + clock_.cycles(hop_latency_);
}

NocTiming::NocTiming(NocTopology topo, uint32_t cores, uint32_t ports, uint32_t cols, uint32_t rows,
                     std::vector<uint32_t> port_nodes, uint64_t bpc, uint32_t lat, Clock clock)
    : topo_(topo),
      cores_(cores),
      ports_(ports),
      cols_(cols),
      rows_(rows),
      port_nodes_(std::move(port_nodes)) {
  auto add = [&](const std::string& n) {
    links_.emplace_back(n, bpc, lat, clock);
    return static_cast<uint32_t>(links_.size() - 1);
  };
  if (topo == NocTopology::Crossbar) {
    for (uint32_t c = 0; c < cores; ++c) {
      core_up_.push_back(add("noc.core[" + std::to_string(c) + "].to_switch"));
      core_down_.push_back(add("noc.core[" + std::to_string(c) + "].from_switch"));
    }
    for (uint32_t p = 0; p < ports; ++p) {
      port_up_.push_back(add("noc.mem[" + std::to_string(p) + "].to_switch"));
      port_down_.push_back(add("noc.mem[" + std::to_string(p) + "].from_switch"));
    }
  } else {
    const uint32_t routers = cols * rows;
    if (routers != cores)
      throw std::invalid_argument("a mesh of " + std::to_string(cols) + " x " +
                                  std::to_string(rows) + " routers needs that many cores");
    for (uint32_t r = 0; r < routers; ++r) {
      core_up_.push_back(add("noc.router[" + std::to_string(r) + "].inject"));
      core_down_.push_back(add("noc.router[" + std::to_string(r) + "].eject"));
    }
    for (uint32_t p = 0; p < ports; ++p) {
      port_up_.push_back(add("noc.mem[" + std::to_string(p) + "].inject"));
      port_down_.push_back(add("noc.mem[" + std::to_string(p) + "].eject"));
    }
    neighbour_.assign(static_cast<size_t>(routers) * routers, -1);
    for (uint32_t y = 0; y < rows; ++y)
      for (uint32_t x = 0; x < cols; ++x) {
        uint32_t a = y * cols + x;
        auto link = [&](uint32_t b, const char* dir) {
          neighbour_[static_cast<size_t>(a) * routers + b] = static_cast<int32_t>(
              add("noc.router[" + std::to_string(a) + "]." + dir + "->" + std::to_string(b)));
        };
        if (x + 1 < cols) link(a + 1, "east");
        if (x > 0) link(a - 1, "west");
        if (y + 1 < rows) link(a + cols, "south");
        if (y > 0) link(a - cols, "north");
      }
  }
  // Precompute every core <-> port path.
  req_paths_.resize(static_cast<size_t>(cores) * ports);
  resp_paths_.resize(static_cast<size_t>(cores) * ports);
  for (uint32_t c = 0; c < cores; ++c)
    for (uint32_t p = 0; p < ports; ++p) {
      std::vector<uint32_t>& rq = req_paths_[static_cast<size_t>(c) * ports + p];
      std::vector<uint32_t>& rs = resp_paths_[static_cast<size_t>(c) * ports + p];
      if (topo == NocTopology::Crossbar) {
        rq = {core_up_[c], port_down_[p]};
        rs = {port_up_[p], core_down_[c]};
      } else {
        rq.push_back(core_up_[c]);
        for (uint32_t l : route(c, port_nodes_[p])) rq.push_back(l);
        rq.push_back(port_down_[p]);
        rs.push_back(port_up_[p]);
        for (uint32_t l : route(port_nodes_[p], c)) rs.push_back(l);
        rs.push_back(core_down_[c]);
      }
    }
}

uint32_t NocTiming::link_between(uint32_t a, uint32_t b) const {
  return static_cast<uint32_t>(neighbour_[static_cast<size_t>(a) * (cols_ * rows_) + b]);
}

std::vector<uint32_t> NocTiming::route(uint32_t from, uint32_t to) const {
  // Dimension order: X first, then Y (deadlock-free on a mesh).
  std::vector<uint32_t> path;
  uint32_t x = from % cols_, y = from / cols_;
  const uint32_t tx = to % cols_, ty = to / cols_;
  while (x != tx) {
    uint32_t nx = x < tx ? x + 1 : x - 1;
    path.push_back(link_between(y * cols_ + x, y * cols_ + nx));
    x = nx;
  }
  while (y != ty) {
    uint32_t ny = y < ty ? y + 1 : y - 1;
    path.push_back(link_between(y * cols_ + x, ny * cols_ + x));
    y = ny;
  }
  return path;
}

uint32_t NocTiming::hops(uint32_t core, uint32_t port) const {
  return static_cast<uint32_t>(req_paths_[static_cast<size_t>(core) * ports_ + port].size());
}

SimTime NocTiming::traverse(const std::vector<uint32_t>& path, SimTime t, uint64_t bytes,
                            SimTime horizon) {
  SimTime head = t, tail = t;
  for (uint32_t l : path) head = links_[l].send(head, bytes, &tail, horizon);
  return tail;  // the last byte has arrived
}

SimTime NocTiming::to_port(uint32_t core, uint32_t port, SimTime t, uint64_t bytes,
                           SimTime horizon) {
  return traverse(req_paths_[static_cast<size_t>(core) * ports_ + port], t, bytes, horizon);
}

SimTime NocTiming::to_core(uint32_t port, uint32_t core, SimTime t, uint64_t bytes,
                           SimTime horizon) {
  return traverse(resp_paths_[static_cast<size_t>(core) * ports_ + port], t, bytes, horizon);
}

Served NocTiming::serve(const Burst& b, MemoryCallback* cb, uint64_t tag) {
  const uint32_t core = b.source, port = port_of_(b.addr);
  // Request: header plus the data of a write. Response: header plus the data of a read.
  Burst down = b;
  down.at = to_port(core, port, b.at, header_ + (b.write ? b.bytes : 0), b.now);
  const uint64_t response = header_ + (b.write ? 0 : b.bytes);
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    pending_.emplace_back();
    slot = static_cast<uint32_t>(pending_.size() - 1);
  }
  pending_[slot] = Pending{cb, tag, core, port, response};
  const Served s = downstream_->serve(down, this, slot);
  // A full queue behind the port holds the requester back by as long as it held the request.
  const SimTime accepted = b.at + (s.accepted > down.at ? s.accepted - down.at : 0);
  if (s.done == kDeferred) return {kDeferred, accepted};
  free_.push_back(slot);
  return {to_core(port, core, s.done, response, b.now), accepted};
}

void NocTiming::burst_done(uint64_t tag, SimTime done_mem, SimTime now) {
  const Pending p = pending_[tag];
  free_.push_back(static_cast<uint32_t>(tag));
  p.cb->burst_done(p.tag, to_core(p.port, p.core, done_mem, p.bytes, now), now);
}

}  // namespace tessera
