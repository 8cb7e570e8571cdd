// Tensor-parallel sharding (see passes.h). Each tensor is in one of three layouts on a rank:
// replicated (every rank holds all of it), split by features (the output columns of a
// column-parallel layer, or attention heads) or split by tokens (sequence parallelism). Shapes
// shrink by the degree along one dimension (rounded up: uneven splits are padded, as Megatron
// pads the vocabulary), which is what the lowering and the byte counts see.
#include <algorithm>
#include <map>

#include "compiler_frontend/passes/passes.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

enum class Layout : uint8_t { Replicated, Features, Tokens };

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

class Sharder {
 public:
  Sharder(const Graph& g, const TensorParallelOptions& o)
      : in_(g), o_(o), layout_(g.num_tensors(), Layout::Replicated) {
    out_.name = g.name;
    out_.batch = g.batch;
    out_.skipped_ops = g.skipped_ops;
    size_t largest_table = 0;
    for (const Tensor& t : g.tensors()) {
      Tensor c = t;
      c.producer = kNone;
      out_.add_tensor(c);
      full_shape_.push_back(t.shape);
    }
    weight_split_.assign(g.num_tensors(), false);
    // Only the largest embedding table (the vocabulary) is split, as Megatron does; position
    // and type tables stay replicated.
    for (const OpNode& op : g.ops())
      if (op.kind == OpKind::Embedding && g.tensor(op.inputs[0]).elements() > largest_table) {
        largest_table = g.tensor(op.inputs[0]).elements();
        vocab_table_ = op.inputs[0];
      }
  }

  Graph run(PassRecord* record) {
    for (OpId id : in_.topological_order()) shard(in_.op(id));
    if (record) {
      record->name = "tensor_parallel";
      record->summary = "degree " + std::to_string(o_.degree) +
                        (o_.sequence_parallel ? " with sequence parallelism" : "") + ": " +
                        std::to_string(column_) + " column-parallel, " + std::to_string(row_) +
                        " row-parallel layers, " + std::to_string(collectives_) +
                        " collectives inserted";
    }
    out_.name += ".tp" + std::to_string(o_.degree);
    return std::move(out_);
  }

 private:
  // Divides one dimension of a shape by the degree: `prefer` when it divides evenly, else the
  // first that does, else `prefer` rounded up.
  std::vector<int64_t> split_shape(std::vector<int64_t> s, size_t prefer) const {
    if (s.empty()) return s;
    prefer = std::min(prefer, s.size() - 1);
    size_t dim = prefer;
    if (s[dim] % o_.degree != 0)
      for (size_t i = 0; i < s.size(); ++i)
        if (s[i] > 1 && s[i] % o_.degree == 0) {
          dim = i;
          break;
        }
    s[dim] = ceil_div(s[dim], o_.degree);
    return s;
  }
  void set_layout(TensorId t, Layout l) {
    layout_[static_cast<size_t>(t)] = l;
    const std::vector<int64_t>& full = full_shape_[static_cast<size_t>(t)];
    out_.tensor(t).shape = l == Layout::Replicated ? full
                           : l == Layout::Features ? split_shape(full, full.size() - 1)
                                                   : split_shape(full, full.size() >= 3 ? 1 : 0);
  }
  Layout layout(TensorId t) const { return layout_[static_cast<size_t>(t)]; }

  void split_weight(TensorId w, size_t dim) {
    if (weight_split_[static_cast<size_t>(w)]) return;
    weight_split_[static_cast<size_t>(w)] = true;
    out_.tensor(w).shape = split_shape(in_.tensor(w).shape, dim);
  }

  // A collective of `type` turning tensor x (in its current layout) into a new tensor of `to`.
  TensorId collective(const std::string& type, TensorId x, Layout to, const std::string& name) {
    Tensor t = out_.tensor(x);
    t.name = name + ".out";
    t.producer = kNone;
    t.kind = TensorKind::Activation;
    TensorId y = out_.add_tensor(t);
    full_shape_.push_back(full_shape_[static_cast<size_t>(x)]);
    layout_.push_back(Layout::Replicated);
    weight_split_.push_back(false);
    set_layout(y, to);
    OpNode op;
    op.name = name;
    op.kind = OpKind::Collective;
    op.type = type;
    op.precision = t.dtype;
    op.inputs = {x};
    op.outputs = {y};
    out_.add_op(op);
    ++collectives_;
    return y;
  }

  // The replicated form of x (an all-gather, shared by every consumer that needs it).
  TensorId gathered(TensorId x) {
    if (layout(x) == Layout::Replicated) return x;
    auto it = gathered_.find(x);
    if (it != gathered_.end()) return it->second;
    TensorId y =
        collective("AllGather", x, Layout::Replicated, out_.tensor(x).name + ".tp_all_gather");
    gathered_[x] = y;
    return y;
  }

  bool is_activation(TensorId t) const { return !is_stored_ahead(out_.tensor(t).kind); }

  void shard(const OpNode& src) {
    OpNode op = src;
    for (TensorId& t : op.inputs) {  // consumers read the reduced form of partial sums
      auto it = renamed_.find(t);
      if (it != renamed_.end()) t = it->second;
    }
    switch (op.kind) {
      case OpKind::Conv:
      case OpKind::MatMul:
        if (op.kind == OpKind::MatMul && !op.mm.b_is_weight) {
          batched_matmul(op);
        } else {
          weighted(op);
        }
        return;
      case OpKind::Attention: {
        // Fused attention over split heads (q, k, v all split by features).
        for (TensorId& t : op.inputs)
          if (is_activation(t) && layout(t) == Layout::Tokens) t = gathered(t);
        bool split = std::all_of(op.inputs.begin(), op.inputs.end(), [&](TensorId t) {
          return !is_activation(t) || layout(t) == Layout::Features;
        });
        if (split) {
          op.attention_heads = static_cast<int32_t>(ceil_div(op.attention_heads, o_.degree));
          op.mm.batch = ceil_div(op.mm.batch, o_.degree);
        }
        emit(op, split ? Layout::Features : Layout::Replicated);
        return;
      }
      case OpKind::Embedding: {
        // Vocabulary-parallel lookup: each rank owns a slice of the table and contributes the
        // rows it holds; an all-reduce assembles the embeddings.
        TensorId table = op.inputs[0];
        if (table != vocab_table_ || in_.tensor(table).shape.empty() ||
            in_.tensor(table).shape[0] < o_.degree) {
          emit(op, Layout::Replicated);
          return;
        }
        split_weight(table, 0);
        TensorId y = op.outputs[0];
        emit(op, Layout::Replicated);
        finish_partial(y, src.name);
        return;
      }
      case OpKind::Elementwise:
      case OpKind::Pool:
      case OpKind::Transpose:
      case OpKind::View:
        elementwise(op);
        return;
      case OpKind::Collective:
      case OpKind::Optimizer:
        emit(op, Layout::Replicated);
        return;
    }
  }

  // Layout of an element-wise operator's output, gathering inputs where layouts cannot mix.
  void elementwise(OpNode& op) {
    bool any_features = false, any_tokens = false;
    for (TensorId t : op.inputs) {
      if (!is_activation(t)) continue;
      any_features |= layout(t) == Layout::Features;
      any_tokens |= layout(t) == Layout::Tokens;
    }
    const bool normalizes = op.type == "LayerNormalization" || op.type == "LayerNorm" ||
                            op.type == "ReduceMean" || op.type == "GroupNormalization";
    Layout out = Layout::Replicated;
    if (any_features && !any_tokens && !normalizes && all_activations_split(op, Layout::Features)) {
      out = Layout::Features;
    } else if (any_tokens && !any_features) {
      out = Layout::Tokens;  // replicated operands are sliced locally, without communication
    } else if (any_features || any_tokens) {
      for (TensorId& t : op.inputs)
        if (is_activation(t)) t = gathered(t);
    }
    if (out != Layout::Replicated) {
      // Per-feature parameters (biases, norms' scales) split with the features.
      for (TensorId t : op.inputs)
        if (!is_activation(t) && out == Layout::Features)
          split_weight(t, in_.tensor(t).shape.size() - 1);
    }
    emit(op, out);
  }

  bool all_activations_split(const OpNode& op, Layout l) const {
    for (TensorId t : op.inputs)
      if (is_activation(t) && layout(t) != l) return false;
    return true;
  }

  // Attention's QK^T and xV: split heads on both operands (or gather them).
  void batched_matmul(OpNode& op) {
    bool split = op.inputs.size() >= 2 && layout(op.inputs[0]) == Layout::Features &&
                 layout(op.inputs[1]) == Layout::Features;
    if (split) {
      if (op.mm.batch % o_.degree == 0) {
        op.mm.batch /= o_.degree;
      } else {
        op.mm.m = ceil_div(op.mm.m, o_.degree);
      }
    } else {
      for (TensorId& t : op.inputs)
        if (is_activation(t)) t = gathered(t);
    }
    emit(op, split ? Layout::Features : Layout::Replicated);
  }

  // A layer with weights: column-parallel on a replicated (or token-split) input, row-parallel
  // on a feature-split one; depthwise convolutions keep the split of their channels.
  void weighted(OpNode& op) {
    TensorId x = op.inputs[0];
    TensorId w = op.inputs.size() > 1 ? op.inputs[1] : kNone;
    const bool depthwise =
        op.kind == OpKind::Conv && op.conv.groups > 1 && op.conv.groups == op.conv.c;
    if (layout(x) == Layout::Features && depthwise) {
      op.conv.c = ceil_div(op.conv.c, o_.degree);
      op.conv.k = ceil_div(op.conv.k, o_.degree);
      op.conv.groups = op.conv.c;
      if (w != kNone) split_weight(w, 0);
      for (size_t i = 2; i < op.inputs.size(); ++i) split_weight(op.inputs[i], 0);
      emit(op, Layout::Features);
      return;
    }
    if (layout(x) == Layout::Features && (op.kind == OpKind::MatMul || op.conv.groups == 1)) {
      // Row-parallel: each rank multiplies its slice of the input features; partial sums.
      if (op.kind == OpKind::MatMul) {
        op.mm.k = ceil_div(op.mm.k, o_.degree);
      } else {
        op.conv.c = ceil_div(op.conv.c, o_.degree);
      }
      if (w != kNone && !is_activation(w)) split_weight(w, in_.tensor(w).shape.size() > 1 ? 1 : 0);
      ++row_;
      TensorId y = op.outputs[0];
      emit(op, Layout::Replicated);
      finish_partial(y, op.name);
      return;
    }
    if (layout(x) != Layout::Replicated) op.inputs[0] = gathered(x);
    if (op.kind == OpKind::Conv && op.conv.groups > 1) {  // grouped, replicated input: replicate
      emit(op, Layout::Replicated);
      return;
    }
    // Column-parallel: each rank computes a slice of the output features.
    if (op.kind == OpKind::MatMul) {
      op.mm.n = ceil_div(op.mm.n, o_.degree);
    } else {
      op.conv.k = ceil_div(op.conv.k, o_.degree);
    }
    if (w != kNone && !is_activation(w)) split_weight(w, 0);
    for (size_t i = 2; i < op.inputs.size(); ++i)
      if (!is_activation(op.inputs[i])) split_weight(op.inputs[i], 0);
    op.tp_grad_allreduce = !o_.sequence_parallel;  // with SP the all-gather's backward reduces
    ++column_;
    emit(op, Layout::Features);
  }

  // The output y of a layer holds partial sums: all-reduce it (or reduce-scatter it by tokens)
  // and send its consumers the result.
  void finish_partial(TensorId y, const std::string& name) {
    TensorId r = o_.sequence_parallel
                     ? collective("ReduceScatter", y, Layout::Tokens, name + ".tp_reduce_scatter")
                     : collective("AllReduce", y, Layout::Replicated, name + ".tp_all_reduce");
    renamed_[y] = r;
  }

  // Adds the operator with its outputs in layout `l`.
  void emit(OpNode& op, Layout l) {
    for (TensorId t : op.outputs) set_layout(t, l);
    out_.add_op(op);
  }

  const Graph& in_;
  TensorParallelOptions o_;
  Graph out_;
  std::vector<Layout> layout_;
  std::vector<std::vector<int64_t>> full_shape_;  // per tensor: its shape before splitting
  TensorId vocab_table_ = kNone;
  std::vector<bool> weight_split_;
  std::map<TensorId, TensorId> gathered_, renamed_;
  int column_ = 0, row_ = 0, collectives_ = 0;
};

}  // namespace

Graph shard_tensor_parallel(const Graph& g, const TensorParallelOptions& opts, PassRecord* record) {
  if (opts.degree < 1) throw InputError("tensor-parallel degree must be at least 1");
  if (opts.degree == 1) {
    if (record) *record = PassRecord{"tensor_parallel", "degree 1: nothing to split"};
    return g;
  }
  Sharder s(g, opts);
  return s.run(record);
}

}  // namespace tessera
