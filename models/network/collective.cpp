#include "models/network/collective.h"

#include <stdexcept>

namespace tessera {

namespace {
[[noreturn]] void bad(const std::string& m) {
  throw std::invalid_argument(m);
}
bool power_of_two(int64_t v) {
  return v > 0 && (v & (v - 1)) == 0;
}
int64_t log2i(int64_t v) {
  int64_t k = 0;
  while ((int64_t(1) << k) < v) ++k;
  return k;
}

CollectiveStep shift(int64_t dist, uint64_t bytes, bool reduce) {
  CollectiveStep s;
  s.pattern = CollectiveStep::Pattern::Shift;
  s.param = dist;
  s.bytes = bytes;
  s.reduce = reduce;
  return s;
}
CollectiveStep xor_step(int64_t mask, uint64_t bytes, bool reduce) {
  CollectiveStep s;
  s.pattern = CollectiveStep::Pattern::Xor;
  s.param = mask;
  s.bytes = bytes;
  s.reduce = reduce;
  s.synchronous = true;
  return s;
}
CollectiveStep pairs(std::vector<std::pair<int32_t, int32_t>> ps, uint64_t bytes, bool reduce) {
  CollectiveStep s;
  s.pattern = CollectiveStep::Pattern::Pairs;
  s.pairs = std::move(ps);
  s.bytes = bytes;
  s.reduce = reduce;
  s.synchronous = true;
  return s;
}

// Ring phases over groups of `group` positions spaced `stride` apart (whole ring: group = p,
// stride 1). dir = +1 or -1.
void ring_phase(std::vector<CollectiveStep>& out, int64_t group, int64_t stride, int64_t dir,
                uint64_t seg, bool reduce) {
  for (int64_t s = 0; s + 1 < group; ++s) {
    CollectiveStep st = shift(dir, seg, reduce);
    st.group = group;
    st.stride = stride;
    out.push_back(st);
  }
}

// Binomial tree over p positions rooted at 0: reduce (children send up), then broadcast.
void binomial_reduce(std::vector<CollectiveStep>& out, int64_t p, uint64_t bytes, bool reduce) {
  for (int64_t s = 0; (int64_t(1) << s) < p; ++s) {
    std::vector<std::pair<int32_t, int32_t>> ps;
    int64_t d = int64_t(1) << s;
    for (int64_t i = d; i < p; i += 2 * d)
      ps.push_back({static_cast<int32_t>(i), static_cast<int32_t>(i - d)});
    out.push_back(pairs(ps, bytes, reduce));
  }
}
void binomial_broadcast(std::vector<CollectiveStep>& out, int64_t p, uint64_t bytes) {
  int64_t top = int64_t(1) << log2i(p);
  for (int64_t d = top / 2; d >= 1; d /= 2) {
    std::vector<std::pair<int32_t, int32_t>> ps;
    for (int64_t i = 0; i + d < p; i += 2 * d)
      ps.push_back({static_cast<int32_t>(i), static_cast<int32_t>(i + d)});
    out.push_back(pairs(ps, bytes, false));
  }
}

}  // namespace

const char* collective_op_name(CollectiveOp op) {
  switch (op) {
    case CollectiveOp::AllReduce:
      return "allreduce";
    case CollectiveOp::ReduceScatter:
      return "reducescatter";
    case CollectiveOp::AllGather:
      return "allgather";
    case CollectiveOp::AllToAll:
      return "alltoall";
    case CollectiveOp::Broadcast:
      return "broadcast";
    case CollectiveOp::SendRecv:
      return "sendrecv";
  }
  return "?";
}

const char* collective_algorithm_name(CollectiveAlgorithm a) {
  switch (a) {
    case CollectiveAlgorithm::Ring:
      return "ring";
    case CollectiveAlgorithm::BiRing:
      return "biring";
    case CollectiveAlgorithm::Tree:
      return "tree";
    case CollectiveAlgorithm::DoubleTree:
      return "double_tree";
    case CollectiveAlgorithm::HalvingDoubling:
      return "halving_doubling";
    case CollectiveAlgorithm::RecursiveDoubling:
      return "recursive_doubling";
    case CollectiveAlgorithm::Direct:
      return "direct";
    case CollectiveAlgorithm::Hierarchical:
      return "hierarchical";
  }
  return "?";
}

bool parse_collective_op(const std::string& s, CollectiveOp* op) {
  for (CollectiveOp o :
       {CollectiveOp::AllReduce, CollectiveOp::ReduceScatter, CollectiveOp::AllGather,
        CollectiveOp::AllToAll, CollectiveOp::Broadcast, CollectiveOp::SendRecv})
    if (s == collective_op_name(o)) return *op = o, true;
  return false;
}

bool parse_collective_algorithm(const std::string& s, CollectiveAlgorithm* a) {
  for (CollectiveAlgorithm x :
       {CollectiveAlgorithm::Ring, CollectiveAlgorithm::BiRing, CollectiveAlgorithm::Tree,
        CollectiveAlgorithm::DoubleTree, CollectiveAlgorithm::HalvingDoubling,
        CollectiveAlgorithm::RecursiveDoubling, CollectiveAlgorithm::Direct,
        CollectiveAlgorithm::Hierarchical})
    if (s == collective_algorithm_name(x)) return *a = x, true;
  return false;
}

std::vector<std::pair<int32_t, int32_t>> CollectiveStep::messages(int32_t p) const {
  std::vector<std::pair<int32_t, int32_t>> m;
  switch (pattern) {
    case Pattern::Pairs:
      return pairs;
    case Pattern::Xor:
      for (int32_t i = 0; i < p; ++i) m.push_back({i, static_cast<int32_t>(i ^ param)});
      return m;
    case Pattern::Shift: {
      const int64_t g = group ? group : p;
      for (int32_t i = 0; i < p; ++i) {
        int64_t coord = (i / stride) % g;
        int64_t dest = ((coord + param) % g + g) % g;
        m.push_back({i, static_cast<int32_t>(i + (dest - coord) * stride)});
      }
      return m;
    }
  }
  return m;
}

double busbw_factor(CollectiveOp op, int64_t p) {
  double pd = static_cast<double>(p);
  switch (op) {
    case CollectiveOp::AllReduce:
      return 2.0 * (pd - 1) / pd;
    case CollectiveOp::ReduceScatter:
    case CollectiveOp::AllGather:
    case CollectiveOp::AllToAll:
      return (pd - 1) / pd;
    default:
      return 1.0;
  }
}

CollectiveSchedule build_schedule(const CollectiveRequest& req) {
  CollectiveSchedule s;
  s.request = req;
  s.chunks = req.chunks < 1 ? 1 : req.chunks;
  const int64_t p = static_cast<int64_t>(req.ranks.size());
  if (p < 1) bad("a collective needs at least one rank");
  const uint64_t n = req.bytes;
  std::vector<CollectiveStep>& st = s.steps;
  if (p == 1) return s;
  const char* algo = collective_algorithm_name(req.algorithm);
  auto needs_pow2 = [&] {
    if (!power_of_two(p))
      bad(std::string(algo) + " needs a power-of-two number of ranks (got " + std::to_string(p) +
          ")");
  };
  switch (req.op) {
    case CollectiveOp::AllReduce:
    case CollectiveOp::ReduceScatter:
    case CollectiveOp::AllGather: {
      const bool rs = req.op != CollectiveOp::AllGather, ag = req.op != CollectiveOp::ReduceScatter;
      // Reduce-scatter and all-reduce take n per rank; all-gather produces n per rank.
      if (req.algorithm == CollectiveAlgorithm::Ring ||
          req.algorithm == CollectiveAlgorithm::BiRing) {
        // A bidirectional ring runs two rings, one per direction, on half the data each.
        const bool bi = req.algorithm == CollectiveAlgorithm::BiRing;
        const uint64_t seg = n / static_cast<uint64_t>(p) / (bi ? 2 : 1);
        for (int dir : bi ? std::vector<int>{1, -1} : std::vector<int>{1}) {
          std::vector<CollectiveStep> ring;
          if (rs) ring_phase(ring, p, 1, dir, seg, true);
          if (ag) ring_phase(ring, p, 1, dir, seg, false);
          for (auto& x : ring) x.stream = dir == 1 ? 0 : 1;
          st.insert(st.end(), ring.begin(), ring.end());
        }
        s.streams = bi ? 2 : 1;
      } else if (req.algorithm == CollectiveAlgorithm::HalvingDoubling) {
        needs_pow2();
        const int64_t k = log2i(p);
        if (rs)
          for (int64_t i = 0; i < k; ++i) st.push_back(xor_step(p >> (i + 1), n >> (i + 1), true));
        if (ag) {
          const uint64_t base = n / static_cast<uint64_t>(p);
          for (int64_t i = 0; i < k; ++i) st.push_back(xor_step(int64_t(1) << i, base << i, false));
        }
      } else if (req.algorithm == CollectiveAlgorithm::RecursiveDoubling) {
        needs_pow2();
        if (req.op != CollectiveOp::AllReduce && req.op != CollectiveOp::AllGather)
          bad("recursive_doubling runs allreduce and allgather");
        const int64_t k = log2i(p);
        const uint64_t base = req.op == CollectiveOp::AllGather ? n / static_cast<uint64_t>(p) : n;
        for (int64_t i = 0; i < k; ++i)
          st.push_back(
              xor_step(int64_t(1) << i, req.op == CollectiveOp::AllGather ? base << i : n, rs));
      } else if (req.algorithm == CollectiveAlgorithm::Tree) {
        if (req.op != CollectiveOp::AllReduce) bad("tree runs allreduce (and broadcast)");
        binomial_reduce(st, p, n, true);
        binomial_broadcast(st, p, n);
      } else if (req.algorithm == CollectiveAlgorithm::DoubleTree) {
        if (req.op != CollectiveOp::AllReduce) bad("double_tree runs allreduce");
        // Two binomial trees, each on half the data; the second is rooted at the last rank with
        // the positions mirrored, so a rank's roles differ between the trees.
        std::vector<CollectiveStep> a, b;
        binomial_reduce(a, p, n / 2, true);
        binomial_broadcast(a, p, n / 2);
        binomial_reduce(b, p, n - n / 2, true);
        binomial_broadcast(b, p, n - n / 2);
        for (auto& x : b) {
          x.stream = 1;
          for (auto& pr : x.pairs)
            pr = {static_cast<int32_t>(p - 1 - pr.first), static_cast<int32_t>(p - 1 - pr.second)};
        }
        st = a;
        st.insert(st.end(), b.begin(), b.end());
        s.streams = 2;
      } else if (req.algorithm == CollectiveAlgorithm::Direct) {
        if (req.op != CollectiveOp::AllGather) bad("direct runs allgather, alltoall and broadcast");
        for (int64_t k = 1; k < p; ++k) {
          CollectiveStep x = shift(k, n / static_cast<uint64_t>(p), false);
          x.synchronous = true;
          st.push_back(x);
        }
      } else if (req.algorithm == CollectiveAlgorithm::Hierarchical) {
        if (req.dims.size() < 2)
          bad("hierarchical needs the group's dimensions (a multi-dimensional topology)");
        int64_t prod = 1;
        for (int64_t d : req.dims) prod *= d;
        if (prod != p) bad("hierarchical: the dimensions do not multiply to the group size");
        // Reduce-scatter along dimension 1, all-reduce of the 1/a share along the others
        // (recursively), all-gather along dimension 1.
        const int64_t a = req.dims[0];
        const uint64_t share = n / static_cast<uint64_t>(a);
        if (rs) ring_phase(st, a, 1, 1, share, true);
        int64_t stride = a;
        uint64_t data = share;
        std::vector<CollectiveStep> inner;
        for (size_t d = 1; d < req.dims.size(); ++d) {
          const int64_t b = req.dims[d];
          const uint64_t seg = data / static_cast<uint64_t>(b);
          if (rs) ring_phase(inner, b, stride, 1, seg, true);
          if (ag) ring_phase(inner, b, stride, 1, seg, false);
          stride *= b;
        }
        // Only the all-reduce of the middle dimensions is nested; with more than two
        // dimensions each runs in turn over the same share.
        for (auto& x : inner) st.push_back(x);
        if (ag) ring_phase(st, a, 1, 1, share, false);
      }
      break;
    }
    case CollectiveOp::AllToAll: {
      const uint64_t part = n / static_cast<uint64_t>(p);
      if (req.algorithm == CollectiveAlgorithm::Direct) {
        for (int64_t k = 1; k < p; ++k) {
          CollectiveStep x = shift(k, part, false);
          x.synchronous = true;
          st.push_back(x);
        }
      } else if (req.algorithm == CollectiveAlgorithm::Ring) {
        // Store and forward: step j carries everything still travelling, (p - j) parts.
        for (int64_t j = 1; j < p; ++j)
          st.push_back(shift(1, part * static_cast<uint64_t>(p - j), false));
      } else {
        bad(std::string("alltoall runs direct or ring, not ") + algo);
      }
      break;
    }
    case CollectiveOp::Broadcast: {
      if (req.algorithm == CollectiveAlgorithm::Tree) {
        binomial_broadcast(st, p, n);
      } else if (req.algorithm == CollectiveAlgorithm::Ring) {
        // A chain from the root (pipelined by chunks).
        for (int64_t j = 0; j + 1 < p; ++j)
          st.push_back(pairs({{static_cast<int32_t>(j), static_cast<int32_t>(j + 1)}}, n, false));
        for (auto& x : st) x.synchronous = false;
      } else if (req.algorithm == CollectiveAlgorithm::Direct) {
        for (int64_t j = 1; j < p; ++j)
          st.push_back(pairs({{0, static_cast<int32_t>(j)}}, n, false));
      } else {
        bad(std::string("broadcast runs tree, ring or direct, not ") + algo);
      }
      // Rotate so the tree or chain starts at the root.
      if (req.root != 0)
        for (auto& x : st)
          for (auto& pr : x.pairs)
            pr = {static_cast<int32_t>((pr.first + req.root) % p),
                  static_cast<int32_t>((pr.second + req.root) % p)};
      break;
    }
    case CollectiveOp::SendRecv:
      if (req.root < 0 || req.root >= p || req.peer < 0 || req.peer >= p || req.root == req.peer)
        bad("send/recv needs two different positions");
      st.push_back(pairs({{req.root, req.peer}}, n, false));
      break;
  }
  if (s.chunks > 1) {
    for (auto& x : st)
      if (x.bytes / static_cast<uint64_t>(s.chunks) == 0) bad("chunks smaller than a byte");
  }
  return s;
}

}  // namespace tessera
