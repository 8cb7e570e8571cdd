#include "sim/cluster/collective_workload.h"

#include <cstdint>
#include <sstream>

#include "models/config/units.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

const struct {
  const char* name;
  CollectiveOp op;
} kOps[] = {{"allreduce", CollectiveOp::AllReduce}, {"reducescatter", CollectiveOp::ReduceScatter},
            {"allgather", CollectiveOp::AllGather}, {"alltoall", CollectiveOp::AllToAll},
            {"broadcast", CollectiveOp::Broadcast}, {"sendrecv", CollectiveOp::SendRecv}};

std::string head_of(const std::string& model) {
  return model.substr(0, model.find(':'));
}

int64_t positive(const std::string& model, const std::string& key, const std::string& v,
                 int64_t min) {
  try {
    size_t used = 0;
    long long x = std::stoll(v, &used);
    if (used == v.size() && x >= min) return x;
  } catch (const std::exception&) {
  }
  throw InputError("workload '" + model + "': " + key + "=" + v +
                   " must be an integer >= " + std::to_string(min));
}

}  // namespace

bool is_collective_workload(const std::string& model) {
  const std::string head = head_of(model);
  for (const auto& o : kOps)
    if (head == o.name) return true;
  return false;
}

CollectiveWorkload parse_collective_workload(const std::string& model, const ClusterSpec& cluster) {
  CollectiveWorkload w;
  const std::string head = head_of(model);
  for (const auto& o : kOps)
    if (head == o.name) w.op = o.op;
  if (!parse_collective_algorithm(cluster.algorithm, &w.algorithm))
    throw InputError("cluster.algorithm '" + cluster.algorithm + "' is not an algorithm");
  w.chunks = cluster.chunks;
  // Operations with a natural algorithm of their own unless one is asked for: all-to-all and
  // send/recv go direct; a broadcast keeps the cluster's ring or direct, else a binomial tree.
  if (w.op == CollectiveOp::SendRecv || w.op == CollectiveOp::AllToAll)
    w.algorithm = CollectiveAlgorithm::Direct;
  if (w.op == CollectiveOp::Broadcast && w.algorithm != CollectiveAlgorithm::Ring &&
      w.algorithm != CollectiveAlgorithm::Direct)
    w.algorithm = CollectiveAlgorithm::Tree;
  bool have_bytes = false;
  std::string rest = model.size() > head.size() ? model.substr(head.size() + 1) : "";
  std::stringstream ss(rest);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string::npos)
      throw InputError("workload '" + model + "': expected key=value, got '" + item + "'");
    const std::string k = item.substr(0, eq), v = item.substr(eq + 1);
    if (k == "bytes") {
      std::string err;
      auto b = parse_bytes(v, &err);
      if (!b || *b == 0)
        throw InputError("workload '" + model + "': bytes=" + v + " is not a size (" +
                         (err.empty() ? "must be positive" : err) + ", e.g. 64MiB)");
      w.bytes = *b;
      have_bytes = true;
    } else if (k == "algorithm") {
      if (!parse_collective_algorithm(v, &w.algorithm))
        throw InputError(
            "workload '" + model + "': unknown algorithm '" + v +
            "' (ring, biring, tree, double_tree, halving_doubling, recursive_doubling, direct, "
            "hierarchical)");
    } else if (k == "chunks") {
      w.chunks = positive(model, k, v, 1);
    } else if (k == "count") {
      w.count = positive(model, k, v, 1);
    } else if (k == "root" || k == "peer") {
      // A node position: checked against the cluster later, and never truncated to 32 bits.
      const int64_t node = positive(model, k, v, 0);
      if (node > INT32_MAX)
        throw InputError("workload '" + model + "': " + k + "=" + v +
                         " is beyond any cluster (at most " + std::to_string(INT32_MAX) + ")");
      (k == "root" ? w.root : w.peer) = static_cast<int32_t>(node);
    } else if (k == "dtype") {
      auto p = precision_from_name(v);
      if (!p) throw InputError("workload '" + model + "': unknown dtype '" + v + "'");
      w.dtype = *p;
    } else {
      throw InputError("workload '" + model + "': unknown option '" + k +
                       "' (bytes, algorithm, chunks, count, dtype, root, peer)");
    }
  }
  if (!have_bytes)
    throw InputError("workload '" + model + "': bytes= is required (e.g. " + head +
                     ":bytes=64MiB)");
  return w;
}

}  // namespace tessera
