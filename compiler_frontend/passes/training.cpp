// Training expansion: turns an inference graph into one training step.
//  forward (unchanged, every activation kept in DRAM for the backward pass)
//  -> loss gradient of every graph output
//  -> backward in reverse order: for a convolution or matrix product, the input gradient
//     (dX = dY W^T, same MACs as the forward) and the weight gradient (dW = X^T dY, same MACs);
//     for vector operators, a vector operator of the same work reading dY and the saved input;
//     views pass gradients through; gradients of tensors with several consumers are summed
//  -> one optimizer update per weight (SGD: w -= lr g; Adam: two fp32 moment tensors).
// Input gradients of strided convolutions are modelled as stride-1 convolutions over the
// output grid (same MACs; the upsampling scatter is not modelled).
#include <algorithm>
#include <map>

#include "compiler_frontend/passes/passes.h"

namespace tessera {

namespace {

class Expander {
 public:
  Expander(const Graph& g, const TrainingOptions& o) : g_(g), opts_(o), grads_(g.num_tensors()) {}

  Graph run(PassRecord* record) {
    std::vector<OpId> order = g_.topological_order();
    auto users = g_.consumers();
    const size_t forward_ops = g_.num_ops();
    // Gradient tensors are appended as the pass goes; the loops below visit forward tensors only
    // (the consumer lists and gradient slots cover exactly those).
    const size_t forward_tensors = g_.num_tensors();
    // Backward operators run on the pipeline stage of their forward operator; weight updates on
    // the stage of the weight's first user.
    weight_stage_.assign(g_.num_tensors(), -1);
    for (OpId id : order)
      for (TensorId t : g_.op(id).inputs)
        if (weight_stage_[static_cast<size_t>(t)] < 0)
          weight_stage_[static_cast<size_t>(t)] = g_.op(id).stage;
    // Seed: a loss (softmax cross-entropy class of work) on every output nobody consumes.
    for (size_t t = 0; t < forward_tensors; ++t) {
      const Tensor& ten = g_.tensor(static_cast<TensorId>(t));
      if (ten.producer == kNone || !users[t].empty() || ten.kind != TensorKind::Activation)
        continue;
      VectorWork w = VectorWork()
                         .add(VectorOp::Max)
                         .add(VectorOp::Add, 3)
                         .add(VectorOp::Exp)
                         .add(VectorOp::Div);
      cur_stage_ = g_.op(ten.producer).stage;
      grads_[t].push_back(vector_op("loss." + ten.name, "SoftmaxCrossEntropyGrad",
                                    {static_cast<TensorId>(t)}, t, w));
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) backward(*it);
    int updates = 0;
    for (size_t t = 0; t < forward_tensors; ++t) {
      if (g_.tensor(static_cast<TensorId>(t)).kind != TensorKind::Weight || grads_[t].empty())
        continue;
      optimizer_step(static_cast<TensorId>(t));
      ++updates;
    }
    if (record) {
      record->name = "training";
      record->summary = std::to_string(g_.num_ops() - forward_ops) +
                        " backward and optimizer operators (" + std::to_string(updates) +
                        " weight updates, " +
                        (opts_.optimizer == Optimizer::Adam ? "Adam" : "SGD") + ")";
    }
    g_.name += ".train";
    return std::move(g_);
  }

 private:
  TensorId gradient_tensor(const std::string& name, const std::vector<int64_t>& shape,
                           Precision p) {
    Tensor t;
    t.name = name;
    t.shape = shape;
    t.dtype = p;
    t.kind = TensorKind::Gradient;
    return g_.add_tensor(t);
  }

  // Appends an operator producing the gradient with respect to tensor `like`.
  TensorId add_op(OpNode op, size_t like, const std::string& name) {
    const Tensor& t = g_.tensor(static_cast<TensorId>(like));
    TensorId out = gradient_tensor("grad." + name, t.shape, t.dtype);
    op.outputs = {out};
    op.backward = true;
    op.stage = cur_stage_;
    g_.add_op(op);
    return out;
  }

  // Tensor parallelism: a collective of `type` over the gradient `dy`, shaped like `like`.
  TensorId collective_op(const std::string& type, TensorId dy, size_t like,
                         const std::string& name) {
    OpNode op;
    op.name = name;
    op.type = type;
    op.kind = OpKind::Collective;
    op.inputs = {dy};
    op.precision = g_.tensor(dy).dtype;
    return add_op(op, like, name);
  }
  // Megatron's f operator: the input gradient of a column-parallel layer is a partial sum.
  TensorId tp_input_gradient(const OpNode& fwd, TensorId dx, TensorId x) {
    if (!fwd.tp_grad_allreduce) return dx;
    return collective_op("AllReduce", dx, static_cast<size_t>(x),
                         fwd.name + ".grad_input.tp_all_reduce");
  }

  TensorId vector_op(const std::string& name, const std::string& type, std::vector<TensorId> inputs,
                     size_t like, const VectorWork& w) {
    OpNode op;
    op.name = name;
    op.type = type;
    op.kind = OpKind::Elementwise;
    op.work = w;
    op.inputs = std::move(inputs);
    op.precision = g_.tensor(static_cast<TensorId>(like)).dtype;
    return add_op(op, like, name);
  }

  // The summed gradient of `t` (an Add chain when several consumers contributed).
  TensorId gradient_of(TensorId t) {
    auto& list = grads_[static_cast<size_t>(t)];
    if (list.empty()) return kNone;
    while (list.size() > 1) {
      TensorId a = list.back();
      list.pop_back();
      TensorId b = list.back();
      list.pop_back();
      list.push_back(vector_op("grad_sum." + g_.tensor(t).name, "Add", {a, b},
                               static_cast<size_t>(t), VectorWork().add(VectorOp::Add)));
    }
    return list[0];
  }

  bool needs_gradient(TensorId t) const {
    TensorKind k = g_.tensor(t).kind;
    return k == TensorKind::Activation || k == TensorKind::Weight ||
           (k == TensorKind::ModelInput && opts_.input_gradients && g_.tensor(t).fixed_bits == 0);
  }

  void backward(OpId id) {
    const OpNode fwd = g_.op(id);  // copy: adding operators may reallocate
    if (fwd.outputs.empty()) return;
    TensorId dy = gradient_of(fwd.outputs[0]);
    if (dy == kNone) return;
    const std::string& n = fwd.name;
    cur_stage_ = fwd.stage;
    switch (fwd.kind) {
      case OpKind::Conv: {
        const ConvAttrs& c = fwd.conv;
        TensorId x = fwd.inputs[0], w = fwd.inputs[1];
        if (needs_gradient(x)) {
          OpNode dx;
          dx.name = n + ".grad_input";
          dx.type = "ConvGradInput";
          dx.kind = OpKind::Conv;
          dx.precision = fwd.precision;
          dx.conv = c;
          dx.conv.c = c.k, dx.conv.k = c.c, dx.conv.h = c.out_h(), dx.conv.w = c.out_w();
          dx.conv.stride_h = dx.conv.stride_w = 1;
          dx.conv.pad_top = (c.r - 1) / 2, dx.conv.pad_bottom = c.r - 1 - dx.conv.pad_top;
          dx.conv.pad_left = (c.s - 1) / 2, dx.conv.pad_right = c.s - 1 - dx.conv.pad_left;
          dx.conv.dilation_h = dx.conv.dilation_w = 1;
          dx.inputs = {dy, w};
          contribute(x, tp_input_gradient(fwd, add_op(dx, static_cast<size_t>(x), dx.name), x));
        }
        if (g_.tensor(w).kind == TensorKind::Weight) {
          // dW[K, C/g, R, S] = sum over N, E, F of dY x X-window: a GEMM per group.
          OpNode dw;
          dw.name = n + ".grad_weight";
          dw.type = "ConvGradWeight";
          dw.kind = OpKind::MatMul;
          dw.precision = fwd.precision;
          dw.mm.batch = c.groups;
          dw.mm.m = c.k / c.groups;
          dw.mm.n = (c.c / c.groups) * c.r * c.s;
          dw.mm.k = c.n * c.out_h() * c.out_w();
          dw.mm.b_is_weight = false;
          dw.inputs = {dy, x};
          contribute(w, add_op(dw, static_cast<size_t>(w), dw.name));
        }
        break;
      }
      case OpKind::MatMul: {
        TensorId a = fwd.inputs[0], b = fwd.inputs[1];
        const MatMulAttrs& m = fwd.mm;
        if (needs_gradient(a)) {  // dA[m, k] = dC[m, n] x B^T[n, k]
          OpNode da;
          da.name = n + ".grad_a";
          da.type = "MatMulGradA";
          da.kind = OpKind::MatMul;
          da.precision = fwd.precision;
          da.mm = MatMulAttrs{m.batch, m.m, m.k, m.n, m.b_is_weight};
          da.inputs = {dy, b};
          contribute(a, tp_input_gradient(fwd, add_op(da, static_cast<size_t>(a), da.name), a));
        }
        if (needs_gradient(
                b)) {  // dB[k, n] = A^T[k, m] x dC[m, n], summed over the batch when shared
          OpNode db;
          db.name = n + ".grad_b";
          db.type = "MatMulGradB";
          db.kind = OpKind::MatMul;
          db.precision = fwd.precision;
          db.mm = m.b_is_weight ? MatMulAttrs{1, m.k, m.n, m.m * m.batch, false}
                                : MatMulAttrs{m.batch, m.k, m.n, m.m, false};
          db.inputs = {a, dy};
          contribute(b, add_op(db, static_cast<size_t>(b), db.name));
        }
        for (size_t i = 2; i < fwd.inputs.size(); ++i)  // bias: a reduction of dY over rows
          if (g_.tensor(fwd.inputs[i]).kind == TensorKind::Weight)
            contribute(
                fwd.inputs[i],
                vector_op(n + ".grad_bias" + std::to_string(i), "ReduceSum", {dy},
                          static_cast<size_t>(fwd.inputs[i]),
                          VectorWork().add(VectorOp::Add, static_cast<uint64_t>(std::max<int64_t>(
                                                              1, m.m * m.batch)))));
        break;
      }
      case OpKind::Elementwise:
      case OpKind::Pool: {
        // Same work as the forward, reading dY and the saved operands.
        for (TensorId x : fwd.inputs) {
          if (!needs_gradient(x)) continue;
          std::vector<TensorId> ins = {dy};
          for (TensorId saved : fwd.inputs)
            if (!is_stored_ahead(g_.tensor(saved).kind)) ins.push_back(saved);
          VectorWork w =
              fwd.type == "Add" || fwd.type == "Sub" ? VectorWork().add(VectorOp::Copy) : fwd.work;
          if (fwd.type == "Add" && g_.tensor(x).shape == g_.tensor(fwd.outputs[0]).shape) {
            contribute(x, dy);  // the gradient of a sum flows through unchanged
            continue;
          }
          contribute(x, vector_op(n + ".grad." + g_.tensor(x).name, fwd.type + "Grad", ins,
                                  static_cast<size_t>(x), w));
        }
        break;
      }
      case OpKind::Embedding: {
        TensorId table = fwd.inputs[0];
        // Scatter-add of dY rows into the table gradient (dense table update, as frameworks do
        // without sparse gradients).
        contribute(table, vector_op(n + ".grad_table", "EmbeddingGrad", {dy},
                                    static_cast<size_t>(table), VectorWork().add(VectorOp::Add)));
        break;
      }
      case OpKind::View:
      case OpKind::Transpose: {
        std::vector<TensorId> outs_grads = {dy};
        for (size_t k = 1; k < fwd.outputs.size(); ++k) {
          TensorId d = gradient_of(fwd.outputs[k]);
          if (d != kNone) outs_grads.push_back(d);
        }
        for (TensorId x : fwd.inputs) {
          if (!needs_gradient(x)) continue;
          OpNode v;
          v.name = n + ".grad." + g_.tensor(x).name;
          v.type = fwd.type + "Grad";
          v.kind = OpKind::View;
          v.inputs = outs_grads;
          v.precision = fwd.precision;
          contribute(x, add_op(v, static_cast<size_t>(x), v.name));
        }
        break;
      }
      case OpKind::Collective: {
        // The backward of an all-reduce of partial sums passes the gradient through (Megatron's
        // g operator); all-gather and reduce-scatter swap.
        TensorId x = fwd.inputs[0];
        if (!needs_gradient(x)) break;
        if (fwd.type == "AllReduce") {
          contribute(x, dy);
        } else {
          const std::string type = fwd.type == "AllGather" ? "ReduceScatter" : "AllGather";
          contribute(x, collective_op(type, dy, static_cast<size_t>(x), n + ".grad"));
        }
        break;
      }
      default:
        break;
    }
  }

  void contribute(TensorId t, TensorId grad) { grads_[static_cast<size_t>(t)].push_back(grad); }

  void optimizer_step(TensorId w) {
    TensorId g = gradient_of(w);
    const Tensor weight = g_.tensor(w);
    OpNode op;
    op.name = "optimizer." + weight.name;
    op.kind = OpKind::Optimizer;
    op.precision = weight.dtype;
    op.inputs = {w, g};
    op.backward = true;
    op.stage = std::max(0, weight_stage_[static_cast<size_t>(w)]);
    std::vector<TensorId> outs;
    auto state = [&](const std::string& suffix, TensorKind kind) {
      Tensor t = weight;
      t.name = weight.name + suffix;
      t.kind = kind;
      t.producer = kNone;
      t.fixed_bits = 32;  // optimizer state and master copies stay fp32 (mixed-precision training)
      t.density = 1.0;
      t.meta_bits = 0;
      return g_.add_tensor(t);
    };
    if (opts_.optimizer == Optimizer::Adam) {
      // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr m_hat / (sqrt(v_hat) + eps)
      TensorId m = state(".adam_m", TensorKind::OptimizerState),
               v = state(".adam_v", TensorKind::OptimizerState);
      op.inputs.push_back(m);
      op.inputs.push_back(v);
      op.type = "Adam";
      op.work = VectorWork()
                    .add(VectorOp::Mul, 6)
                    .add(VectorOp::Add, 4)
                    .add(VectorOp::Sqrt)
                    .add(VectorOp::Div);
      outs = {state(".updated", TensorKind::Activation),
              state(".adam_m.updated", TensorKind::Activation),
              state(".adam_v.updated", TensorKind::Activation)};
      g_.tensor(outs[0]).fixed_bits = 0;
    } else {
      op.type = "SGD";
      op.work = VectorWork().add(VectorOp::Mul).add(VectorOp::Add);
      outs = {state(".updated", TensorKind::Activation)};
      g_.tensor(outs[0]).fixed_bits = 0;
    }
    op.outputs = outs;
    g_.add_op(op);
  }

  Graph g_;
  TrainingOptions opts_;
  std::vector<std::vector<TensorId>> grads_;
  std::vector<int32_t> weight_stage_;
  int32_t cur_stage_ = 0;
};

}  // namespace

Graph expand_training(const Graph& g, const TrainingOptions& opts, PassRecord* record) {
  Expander e(g, opts);
  return e.run(record);
}

}  // namespace tessera
