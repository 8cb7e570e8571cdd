#include "models/network/topology.h"

#include <algorithm>
#include <deque>
#include <sstream>
#include <stdexcept>

namespace tessera {

namespace {
[[noreturn]] void bad(const std::string& msg) {
  throw std::invalid_argument(msg);
}
std::string num(int64_t v) {
  return std::to_string(v);
}
}  // namespace

int32_t Topology::add_link(int32_t from, int32_t to, const LinkSpec& l, const std::string& name,
                           double sw_lat) {
  NetLink k;
  k.name = name;
  k.from = from;
  k.to = to;
  k.bandwidth = l.usable_bandwidth();
  k.latency_s = l.latency_s;
  k.buffer_depth = l.buffer_depth;
  k.switch_latency_s = sw_lat;
  k.kind = l.kind;
  links_.push_back(k);
  int32_t id = static_cast<int32_t>(links_.size() - 1);
  if (static_cast<int32_t>(out_.size()) < vertices_) out_.resize(static_cast<size_t>(vertices_));
  if (static_cast<int32_t>(adj_.size()) < vertices_) adj_.resize(static_cast<size_t>(vertices_));
  out_[static_cast<size_t>(from)].push_back(id);
  adj_[static_cast<size_t>(from)].push_back({to, id});
  return id;
}

int32_t Topology::link_between(int32_t from, int32_t to) const {
  const auto& v = adj_[static_cast<size_t>(from)];
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(to, INT32_MIN));
  if (it == v.end() || it->first != to) return -1;
  return it->second;
}

Topology::Topology(const ClusterSpec& spec) : kind_(spec.topology) {
  const int64_t n = spec.nodes;
  if (n < 1) bad("cluster.nodes must be at least 1");
  if (n > (int64_t(1) << 24)) bad("cluster.nodes is too large");
  nodes_ = static_cast<int32_t>(n);
  vertices_ = nodes_;
  out_.resize(static_cast<size_t>(n));
  adj_.resize(static_cast<size_t>(n));
  const LinkSpec& L = spec.link;
  auto ring_links = [&](const std::vector<int32_t>& members, const LinkSpec& l,
                        const std::string& prefix) {
    const size_t s = members.size();
    if (s < 2) return;
    for (size_t i = 0; i < s; ++i) {
      size_t j = (i + 1) % s;
      if (s == 2 && i == 1) break;  // two nodes: one link each way
      add_link(members[i], members[j], l, prefix + num(members[i]) + "->" + num(members[j]));
      add_link(members[j], members[i], l, prefix + num(members[j]) + "->" + num(members[i]));
    }
  };
  auto full_links = [&](const std::vector<int32_t>& members, const LinkSpec& l,
                        const std::string& prefix) {
    for (int32_t a : members)
      for (int32_t b : members)
        if (a != b) add_link(a, b, l, prefix + num(a) + "->" + num(b));
  };
  auto switch_links = [&](const std::vector<int32_t>& members, const LinkSpec& l,
                          const SwitchSpec& sw, const std::string& prefix) {
    int32_t s = add_vertex();
    for (int32_t a : members) {
      add_link(a, s, l, prefix + ".up." + num(a));
      add_link(s, a, l, prefix + ".down." + num(a), sw.latency_s);
    }
    return s;
  };
  if (kind_ == "ring") {
    std::vector<int32_t> all(static_cast<size_t>(n));
    for (int32_t i = 0; i < nodes_; ++i) all[static_cast<size_t>(i)] = i;
    ring_links(all, L, "ring.");
    dims_ = {n};
    dim_kinds_ = {"ring"};
    vcs_ = spec.deadlock_avoidance ? 2 : 1;
  } else if (kind_ == "torus2d" || kind_ == "torus3d") {
    size_t want = kind_ == "torus2d" ? 2 : 3;
    if (spec.shape.size() != want)
      bad("cluster.shape must list " + std::to_string(want) + " sizes for a " + kind_);
    int64_t prod = 1;
    for (int64_t d : spec.shape) {
      if (d < 1) bad("cluster.shape sizes must be positive");
      prod *= d;
    }
    if (prod != n)
      bad("a " + kind_ + " of shape " +
          [&] {
            std::string t;
            for (int64_t d : spec.shape) t += (t.empty() ? "" : "x") + num(d);
            return t;
          }() +
          " has " + num(prod) + " nodes but cluster.nodes is " + num(n));
    dims_ = spec.shape;
    dim_kinds_.assign(want, "ring");
    vcs_ = spec.deadlock_avoidance ? 2 : 1;
  } else if (kind_ == "fully_connected") {
    if (n > 4096) bad("a fully connected topology of more than 4096 nodes has too many links");
    std::vector<int32_t> all(static_cast<size_t>(n));
    for (int32_t i = 0; i < nodes_; ++i) all[static_cast<size_t>(i)] = i;
    full_links(all, L, "fc.");
    dims_ = {n};
    dim_kinds_ = {"fully_connected"};
  } else if (kind_ == "switch") {
    std::vector<int32_t> all(static_cast<size_t>(n));
    for (int32_t i = 0; i < nodes_; ++i) all[static_cast<size_t>(i)] = i;
    switch_links(all, L, spec.sw, "switch");
    dims_ = {n};
    dim_kinds_ = {"switch"};
  } else if (kind_ == "fat_tree") {
    if (spec.leaves < 1 || spec.spines < 1)
      bad("a fat tree needs cluster.leaves and cluster.spines of at least 1");
    if (n % spec.leaves)
      bad("cluster.nodes (" + num(n) + ") must be a multiple of cluster.leaves (" +
          num(spec.leaves) + ")");
    leaves_ = spec.leaves;
    spines_ = spec.spines;
    per_leaf_ = n / spec.leaves;
    std::vector<int32_t> leaf(static_cast<size_t>(leaves_)), spine(static_cast<size_t>(spines_));
    for (auto& v : leaf) v = add_vertex();
    for (auto& v : spine) v = add_vertex();
    const LinkSpec& up = spec.spine_link.bandwidth > 0 ? spec.spine_link : L;
    for (int32_t i = 0; i < nodes_; ++i) {
      int32_t l = leaf[static_cast<size_t>(i / per_leaf_)];
      add_link(i, l, L, "fat_tree.node[" + num(i) + "].up");
      add_link(l, i, L, "fat_tree.node[" + num(i) + "].down", spec.sw.latency_s);
    }
    for (int64_t a = 0; a < leaves_; ++a)
      for (int64_t b = 0; b < spines_; ++b) {
        add_link(leaf[static_cast<size_t>(a)], spine[static_cast<size_t>(b)], up,
                 "fat_tree.leaf[" + num(a) + "]->spine[" + num(b) + "]", spec.sw.latency_s);
        add_link(spine[static_cast<size_t>(b)], leaf[static_cast<size_t>(a)], up,
                 "fat_tree.spine[" + num(b) + "]->leaf[" + num(a) + "]", spec.sw.latency_s);
      }
    dims_ = {n};
    dim_kinds_ = {"fat_tree"};
  } else if (kind_ == "hierarchical") {
    if (spec.dimensions.empty()) bad("a hierarchical topology needs cluster.dimensions");
    int64_t prod = 1;
    for (const auto& d : spec.dimensions) {
      if (d.size < 1) bad("every dimension needs a size of at least 1");
      if (d.topology != "ring" && d.topology != "fully_connected" && d.topology != "switch")
        bad("dimension topology '" + d.topology + "' (use ring, fully_connected or switch)");
      prod *= d.size;
      dims_.push_back(d.size);
      dim_kinds_.push_back(d.topology);
    }
    if (prod != n)
      bad("the dimensions multiply to " + num(prod) + " nodes but cluster.nodes is " + num(n));
    bool rings = false;
    for (const auto& k : dim_kinds_) rings = rings || k == "ring";
    vcs_ = rings && spec.deadlock_avoidance ? 2 : 1;
  } else {
    bad("unknown topology '" + kind_ + "'");
  }
  // Per-dimension links for tori and hierarchies: groups of nodes that differ in one coordinate.
  if (kind_ == "torus2d" || kind_ == "torus3d" || kind_ == "hierarchical") {
    int64_t stride = 1;
    for (size_t d = 0; d < dims_.size(); ++d) {
      const int64_t size = dims_[d];
      const LinkSpec& l = kind_ == "hierarchical" ? spec.dimensions[d].link : L;
      dim_switch_base_.push_back(vertices_);
      for (int64_t base = 0; base < n; ++base) {
        if ((base / stride) % size != 0) continue;  // base has coordinate 0 in this dimension
        std::vector<int32_t> members;
        for (int64_t k = 0; k < size; ++k)
          members.push_back(static_cast<int32_t>(base + k * stride));
        std::string prefix = "dim" + num(static_cast<int64_t>(d)) + ".";
        if (dim_kinds_[d] == "ring")
          ring_links(members, l, prefix);
        else if (dim_kinds_[d] == "fully_connected")
          full_links(members, l, prefix);
        else
          switch_links(members, l, spec.dimensions[d].sw, prefix + "switch[" + num(base) + "]");
      }
      stride *= size;
    }
  }
  for (auto& v : adj_) std::sort(v.begin(), v.end());
  out_.resize(static_cast<size_t>(vertices_));
  adj_.resize(static_cast<size_t>(vertices_));
  check_connected();
}

void Topology::check_connected() const {
  if (nodes_ <= 1) return;
  std::vector<bool> seen(static_cast<size_t>(vertices_), false);
  std::deque<int32_t> q{0};
  seen[0] = true;
  while (!q.empty()) {
    int32_t v = q.front();
    q.pop_front();
    for (int32_t l : out_[static_cast<size_t>(v)]) {
      int32_t w = links_[static_cast<size_t>(l)].to;
      if (!seen[static_cast<size_t>(w)]) seen[static_cast<size_t>(w)] = true, q.push_back(w);
    }
  }
  for (int32_t i = 0; i < nodes_; ++i)
    if (!seen[static_cast<size_t>(i)])
      bad("the topology is disconnected: node " + num(i) + " cannot be reached from node 0");
}

std::vector<int64_t> Topology::coords(int32_t node) const {
  std::vector<int64_t> c;
  int64_t rest = node;
  for (int64_t d : dims_) {
    c.push_back(rest % d);
    rest /= d;
  }
  return c;
}

void Topology::route_ring_dim(std::vector<Hop>& path, int32_t& at,
                              const std::vector<int32_t>& members, int64_t from, int64_t to,
                              bool wrap_vc) const {
  const int64_t s = static_cast<int64_t>(members.size());
  int64_t fwd = ((to - from) % s + s) % s, bwd = s - fwd;
  bool plus = fwd <= bwd;  // ties go the positive way
  int64_t steps = plus ? fwd : bwd, pos = from;
  uint8_t vc = 0;
  for (int64_t k = 0; k < steps; ++k) {
    int64_t next = plus ? (pos + 1) % s : (pos - 1 + s) % s;
    int32_t link =
        link_between(members[static_cast<size_t>(pos)], members[static_cast<size_t>(next)]);
    path.push_back({link, vc});
    // Crossing the wrap link (the dateline) moves the packet to the second virtual channel.
    if (wrap_vc && ((plus && next == 0) || (!plus && pos == 0))) vc = 1;
    pos = next;
  }
  at = members[static_cast<size_t>(pos)];
}

std::vector<Hop> Topology::compute_route(int32_t a, int32_t b) const {
  std::vector<Hop> path;
  if (a == b) return path;
  if (kind_ == "fully_connected") {
    path.push_back({link_between(a, b), 0});
  } else if (kind_ == "switch") {
    int32_t s = nodes_;  // the only switch
    path.push_back({link_between(a, s), 0});
    path.push_back({link_between(s, b), 0});
  } else if (kind_ == "fat_tree") {
    int32_t la = nodes_ + static_cast<int32_t>(a / per_leaf_),
            lb = nodes_ + static_cast<int32_t>(b / per_leaf_);
    path.push_back({link_between(a, la), 0});
    if (la != lb) {
      // ECMP: a deterministic hash of the flow picks the spine.
      uint64_t h = (static_cast<uint64_t>(a) * 0x9E3779B97F4A7C15ull) ^
                   (static_cast<uint64_t>(b) * 0xC2B2AE3D27D4EB4Full);
      h ^= h >> 29;
      int32_t sp = nodes_ + static_cast<int32_t>(leaves_) +
                   static_cast<int32_t>(h % static_cast<uint64_t>(spines_));
      path.push_back({link_between(la, sp), 0});
      path.push_back({link_between(sp, lb), 0});
    }
    path.push_back({link_between(lb, b), 0});
  } else {
    // Ring, torus and hierarchical: one dimension at a time, lowest first.
    int32_t at = a;
    std::vector<int64_t> ca = coords(a), cb = coords(b);
    int64_t stride = 1;
    for (size_t d = 0; d < dims_.size(); ++d) {
      const int64_t size = dims_[d];
      if (ca[d] != cb[d]) {
        int64_t base = at - ca[d] * stride;
        std::vector<int32_t> members;
        for (int64_t k = 0; k < size; ++k)
          members.push_back(static_cast<int32_t>(base + k * stride));
        if (dim_kinds_[d] == "ring") {
          route_ring_dim(path, at, members, ca[d], cb[d], vcs_ > 1);
        } else if (dim_kinds_[d] == "fully_connected") {
          int32_t next = members[static_cast<size_t>(cb[d])];
          path.push_back({link_between(at, next), 0});
          at = next;
        } else {  // switch of this group
          int32_t next = members[static_cast<size_t>(cb[d])];
          // The group's switch: the vertex both `at` and `next` link to in this dimension.
          int32_t up = -1;
          for (const auto& e : adj_[static_cast<size_t>(at)])
            if (e.first >= nodes_ && link_between(e.first, next) >= 0) up = e.second;
          path.push_back({up, 0});
          path.push_back({link_between(links_[static_cast<size_t>(up)].to, next), 0});
          at = next;
        }
        ca[d] = cb[d];
      }
      stride *= size;
    }
  }
  for (const Hop& h : path)
    if (h.link < 0) bad("internal: no route between " + num(a) + " and " + num(b));
  return path;
}

std::vector<Hop> Topology::route(int32_t a, int32_t b) const {
  return compute_route(a, b);
}

double Topology::path_latency(int32_t a, int32_t b) const {
  double t = 0;
  for (const Hop& h : route(a, b))
    t += links_[static_cast<size_t>(h.link)].latency_s +
         links_[static_cast<size_t>(h.link)].switch_latency_s;
  return t;
}

double Topology::path_bandwidth(int32_t a, int32_t b) const {
  double bw = 0;
  for (const Hop& h : route(a, b)) {
    double l = links_[static_cast<size_t>(h.link)].bandwidth;
    bw = bw == 0 ? l : std::min(bw, l);
  }
  return bw;
}

std::string Topology::describe() const {
  std::ostringstream os;
  os << kind_ << " of " << nodes_ << " nodes, " << vertices_ - nodes_ << " switches, "
     << links_.size() << " links";
  return os.str();
}

}  // namespace tessera
