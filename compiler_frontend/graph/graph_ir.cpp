#include "compiler_frontend/graph/graph_ir.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/topological_sort.hpp>
#include <functional>
#include <queue>
#include <sstream>

#include "models/spec/errors.h"

namespace tessera {

const char* op_kind_name(OpKind k) {
  switch (k) {
    case OpKind::Conv:
      return "conv";
    case OpKind::MatMul:
      return "matmul";
    case OpKind::Attention:
      return "attention";
    case OpKind::Pool:
      return "pool";
    case OpKind::Elementwise:
      return "elementwise";
    case OpKind::Embedding:
      return "embedding";
    case OpKind::Transpose:
      return "transpose";
    case OpKind::View:
      return "view";
    case OpKind::Collective:
      return "collective";
    case OpKind::Optimizer:
      return "optimizer";
  }
  return "?";
}

uint64_t OpNode::macs() const {
  switch (kind) {
    case OpKind::Conv: {
      const ConvAttrs& c = conv;
      return static_cast<uint64_t>(c.n) * c.k * c.out_h() * c.out_w() * (c.c / c.groups) * c.r *
             c.s;
    }
    case OpKind::MatMul:
      return static_cast<uint64_t>(mm.batch) * mm.m * mm.n * mm.k;
    case OpKind::Attention:
      // QK^T (m x k by k x n) and xV (m x n by n x k) per head and batch: 2 * m * n * k.
      return 2ull * static_cast<uint64_t>(mm.batch) * mm.m * mm.n * mm.k;
    default:
      return 0;
  }
}

TensorId Graph::add_tensor(Tensor t) {
  tensors_.push_back(std::move(t));
  return static_cast<TensorId>(tensors_.size() - 1);
}

OpId Graph::add_op(OpNode op) {
  OpId id = static_cast<OpId>(ops_.size());
  for (TensorId t : op.outputs) tensors_[static_cast<size_t>(t)].producer = id;
  ops_.push_back(std::move(op));
  return id;
}

namespace {
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

BoostGraph build_boost(const Graph& g) {
  BoostGraph bg(g.num_ops());
  for (size_t i = 0; i < g.num_ops(); ++i) {
    for (TensorId t : g.op(static_cast<OpId>(i)).inputs) {
      OpId p = g.tensor(t).producer;
      if (p != kNone) boost::add_edge(static_cast<size_t>(p), i, bg);
    }
  }
  return bg;
}
}  // namespace

std::vector<OpId> Graph::topological_order() const {
  BoostGraph bg = build_boost(*this);
  // Kahn's algorithm with a min-heap keeps the order stable (insertion order among ready
  // operators), which keeps reports deterministic and readable; Boost's DFS-based sort is used
  // to detect cycles and name an operator on one.
  std::vector<int> indeg(num_ops(), 0);
  for (auto [e, end] = boost::edges(bg); e != end; ++e) indeg[boost::target(*e, bg)]++;
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t i = 0; i < num_ops(); ++i)
    if (indeg[i] == 0) ready.push(i);
  std::vector<OpId> order;
  order.reserve(num_ops());
  while (!ready.empty()) {
    size_t v = ready.top();
    ready.pop();
    order.push_back(static_cast<OpId>(v));
    for (auto [e, end] = boost::out_edges(v, bg); e != end; ++e) {
      size_t w = boost::target(*e, bg);
      if (--indeg[w] == 0) ready.push(w);
    }
  }
  if (order.size() != num_ops()) {
    std::vector<size_t> dfs_order;
    try {
      boost::topological_sort(bg, std::back_inserter(dfs_order));
    } catch (const boost::not_a_dag&) {
    }
    for (size_t i = 0; i < num_ops(); ++i)
      if (indeg[i] > 0)
        throw InputError("graph '" + name + "' has a cycle through operator '" + ops_[i].name +
                         "'");
  }
  return order;
}

std::vector<std::vector<OpId>> Graph::consumers() const {
  std::vector<std::vector<OpId>> c(num_tensors());
  for (size_t i = 0; i < num_ops(); ++i)
    for (TensorId t : ops_[i].inputs) c[static_cast<size_t>(t)].push_back(static_cast<OpId>(i));
  return c;
}

void Graph::compact() {
  std::vector<OpNode> kept;
  kept.reserve(ops_.size());
  for (auto& op : ops_)
    if (!op.removed) kept.push_back(std::move(op));
  ops_ = std::move(kept);
  for (auto& t : tensors_) t.producer = kNone;
  for (size_t i = 0; i < ops_.size(); ++i)
    for (TensorId t : ops_[i].outputs)
      tensors_[static_cast<size_t>(t)].producer = static_cast<OpId>(i);
}

std::string Graph::to_dot() const {
  BoostGraph bg = build_boost(*this);
  std::ostringstream os;
  auto label = [this](std::ostream& out, size_t v) {
    const OpNode& o = ops_[v];
    std::string text = o.name + "\\n" + o.type;
    std::string escaped;
    for (char ch : text) {
      if (ch == '"')
        escaped += '\'';
      else
        escaped += ch;
    }
    out << "[label=\"" << escaped << "\"]";
  };
  boost::write_graphviz(os, bg, label);
  return os.str();
}

uint64_t Graph::total_macs() const {
  uint64_t t = 0;
  for (const auto& op : ops_) t += op.macs();
  return t;
}

namespace {
// Weights some operator still reads (passes may leave folded-away parameters behind).
std::vector<bool> used_weights(const Graph& g) {
  std::vector<bool> used(g.num_tensors(), false);
  for (const auto& op : g.ops())
    for (TensorId t : op.inputs)
      if (g.tensor(t).kind == TensorKind::Weight) used[static_cast<size_t>(t)] = true;
  return used;
}
}  // namespace

uint64_t Graph::weight_bytes() const {
  uint64_t b = 0;
  std::vector<bool> used = used_weights(*this);
  for (size_t i = 0; i < tensors_.size(); ++i)
    if (used[i]) b += tensors_[i].bytes();
  return b;
}

uint64_t Graph::weight_elements() const {
  uint64_t b = 0;
  std::vector<bool> used = used_weights(*this);
  for (size_t i = 0; i < tensors_.size(); ++i)
    if (used[i]) b += tensors_[i].elements();
  return b;
}

}  // namespace tessera
