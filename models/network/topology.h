// The network of a cluster as a graph (no SystemC): endpoints 0..N-1 (the nodes), switches, and
// directed links with bandwidth, latency and buffer depth; plus deterministic routing:
//  - ring: shortest direction (ties go clockwise);
//  - 2-D / 3-D torus: dimension order with wrap-around, shortest direction per dimension; a
//    packet moves to the second virtual channel after crossing a dimension's wrap link (the
//    dateline), which breaks the cyclic channel dependency and so avoids deadlock;
//  - fully connected: the direct link;
//  - single switch and two-level fat tree (leaf-spine): up to the common level and down, the
//    spine chosen by a hash of (source, destination) (ECMP);
//  - hierarchical: dimension by dimension, lowest first, each by its own topology.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/network/cluster_spec.h"

namespace tessera {

struct NetLink {
  std::string name;
  int32_t from = 0, to = 0;  // vertices: endpoints are 0..N-1, switches follow
  double bandwidth = 0;      // usable bytes/s (efficiency applied)
  double latency_s = 0;
  int64_t buffer_depth = 4;
  double switch_latency_s = 0;  // added when the link leaves a switch
  std::string kind = "serdes";  // energy class
};

struct Hop {
  int32_t link;
  uint8_t vc;  // virtual channel on this link
};

class Topology {
 public:
  // Throws std::invalid_argument naming the problem (node count that does not fit, ...).
  explicit Topology(const ClusterSpec& spec);

  int32_t nodes() const { return nodes_; }
  int32_t vertices() const { return vertices_; }
  const std::vector<NetLink>& links() const { return links_; }
  // The route from endpoint a to endpoint b (empty when a == b).
  std::vector<Hop> route(int32_t a, int32_t b) const;
  // Sum of hop latencies (and switch latencies) along the route.
  double path_latency(int32_t a, int32_t b) const;
  double path_bandwidth(int32_t a, int32_t b) const;  // the slowest link on the route
  const std::vector<std::vector<int32_t>>& out_links() const { return out_; }
  int virtual_channels() const { return vcs_; }
  // Coordinates of a node in the hierarchical / torus dimensions (one entry per dimension).
  std::vector<int64_t> coords(int32_t node) const;
  const std::vector<int64_t>& dim_sizes() const { return dims_; }
  std::string describe() const;

 private:
  int32_t add_vertex() { return vertices_++; }
  int32_t add_link(int32_t from, int32_t to, const LinkSpec& l, const std::string& name,
                   double sw_lat = 0);
  int32_t link_between(int32_t from, int32_t to) const;
  std::vector<Hop> compute_route(int32_t a, int32_t b) const;
  void route_ring_dim(std::vector<Hop>& path, int32_t& at, const std::vector<int32_t>& members,
                      int64_t from_pos, int64_t to_pos, bool wrap_vc) const;
  void check_connected() const;

  std::string kind_;
  int32_t nodes_ = 0, vertices_ = 0;
  int vcs_ = 1;
  std::vector<int64_t> dims_;             // torus or hierarchical sizes
  std::vector<std::string> dim_kinds_;    // per dimension: ring, fully_connected, switch
  std::vector<int32_t> dim_switch_base_;  // hierarchical switch dims: first switch vertex
  std::vector<NetLink> links_;
  std::vector<std::vector<int32_t>> out_;
  std::vector<std::vector<std::pair<int32_t, int32_t>>> adj_;  // per vertex: (to, link), sorted
  int64_t leaves_ = 0, spines_ = 0, per_leaf_ = 0;
};

}  // namespace tessera
