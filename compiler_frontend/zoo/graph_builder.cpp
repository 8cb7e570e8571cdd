#include "compiler_frontend/zoo/graph_builder.h"

#include "compiler_frontend/graph/vector_recipes.h"
#include "models/spec/errors.h"

namespace tessera {

GraphBuilder::GraphBuilder(std::string name, int64_t batch, Precision precision)
    : precision_(precision) {
  g_.name = std::move(name);
  g_.batch = batch;
}

TensorId GraphBuilder::input(const std::string& name, std::vector<int64_t> shape) {
  Tensor t;
  t.name = name;
  t.shape = std::move(shape);
  t.dtype = precision_;
  t.kind = TensorKind::ModelInput;
  return g_.add_tensor(std::move(t));
}

TensorId GraphBuilder::weight(const std::string& name, std::vector<int64_t> shape) {
  Tensor t;
  t.name = name;
  t.shape = std::move(shape);
  t.dtype = precision_;
  t.kind = TensorKind::Weight;
  return g_.add_tensor(std::move(t));
}

TensorId GraphBuilder::activation(const std::string& name, std::vector<int64_t> shape) {
  Tensor t;
  t.name = name;
  t.shape = std::move(shape);
  t.dtype = precision_;
  t.kind = TensorKind::Activation;
  return g_.add_tensor(std::move(t));
}

TensorId GraphBuilder::conv(TensorId x, const std::string& name, int64_t out_channels,
                            int64_t kernel, int64_t stride, int64_t pad, int64_t groups,
                            bool bias) {
  const auto& s = g_.tensor(x).shape;
  if (s.size() != 4) throw InputError(name + ": conv needs an NCHW input");
  OpNode op;
  op.name = name;
  op.kind = OpKind::Conv;
  op.type = "Conv";
  op.precision = precision_;
  ConvAttrs& c = op.conv;
  c.n = s[0];
  c.c = s[1];
  c.h = s[2];
  c.w = s[3];
  c.k = out_channels;
  c.r = c.s = kernel;
  c.stride_h = c.stride_w = stride;
  c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = pad;
  c.groups = groups;
  if (c.c % groups || c.k % groups) throw InputError(name + ": channels not divisible by groups");
  TensorId w = weight(name + ".weight", {c.k, c.c / groups, kernel, kernel});
  op.inputs = {x, w};
  if (bias) op.inputs.push_back(weight(name + ".bias", {c.k}));
  op.outputs = {activation(name + ".out", {c.n, c.k, c.out_h(), c.out_w()})};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::elementwise(const std::vector<TensorId>& ins, const std::string& name,
                                   const std::string& type, const VectorWork& work) {
  OpNode op;
  op.name = name;
  op.kind = OpKind::Elementwise;
  op.type = type;
  op.precision = precision_;
  op.work = work;
  op.inputs = ins;
  op.outputs = {activation(name + ".out", g_.tensor(ins[0]).shape)};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::batchnorm(TensorId x, const std::string& name) {
  int64_t c = g_.tensor(x).shape.at(1);
  // At inference a batch norm is a per-channel scale and shift (gamma / sqrt(var + eps) and
  // beta - mean * scale, precomputed by the compiler), so the hardware holds two values per
  // channel, the same count as the layer's learnable parameters.
  std::vector<TensorId> ins = {x, weight(name + ".weight", {c}), weight(name + ".bias", {c})};
  return elementwise(ins, name, "BatchNormalization", recipe_of("BatchNormalization"));
}
TensorId GraphBuilder::relu(TensorId x, const std::string& name) {
  return elementwise({x}, name, "Relu", recipe_of("Relu"));
}
TensorId GraphBuilder::relu6(TensorId x, const std::string& name) {
  return elementwise({x}, name, "Clip", recipe_of("Clip"));
}
TensorId GraphBuilder::add(TensorId a, TensorId b, const std::string& name) {
  return elementwise({a, b}, name, "Add", recipe_of("Add"));
}
TensorId GraphBuilder::gelu(TensorId x, const std::string& name) {
  return elementwise({x}, name, "Gelu", recipe_of("Gelu"));
}
TensorId GraphBuilder::tanh(TensorId x, const std::string& name) {
  return elementwise({x}, name, "Tanh", recipe_of("Tanh"));
}
TensorId GraphBuilder::softmax(TensorId x, const std::string& name) {
  return elementwise({x}, name, "Softmax", recipe_of("Softmax"));
}
TensorId GraphBuilder::layernorm(TensorId x, const std::string& name) {
  int64_t d = g_.tensor(x).shape.back();
  return elementwise({x, weight(name + ".weight", {d}), weight(name + ".bias", {d})}, name,
                     "LayerNormalization", recipe_of("LayerNormalization"));
}

TensorId GraphBuilder::maxpool(TensorId x, const std::string& name, int64_t kernel, int64_t stride,
                               int64_t pad) {
  const auto& s = g_.tensor(x).shape;
  int64_t oh = (s[2] + 2 * pad - kernel) / stride + 1;
  int64_t ow = (s[3] + 2 * pad - kernel) / stride + 1;
  OpNode op;
  op.name = name;
  op.kind = OpKind::Pool;
  op.type = "MaxPool";
  op.precision = precision_;
  op.pool.window = kernel * kernel;
  op.work = VectorWork().add(VectorOp::Max, static_cast<uint64_t>(kernel * kernel));
  op.inputs = {x};
  op.outputs = {activation(name + ".out", {s[0], s[1], oh, ow})};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::global_avgpool(TensorId x, const std::string& name) {
  const auto& s = g_.tensor(x).shape;
  OpNode op;
  op.name = name;
  op.kind = OpKind::Pool;
  op.type = "GlobalAveragePool";
  op.precision = precision_;
  op.pool.window = s[2] * s[3];
  op.work = VectorWork().add(VectorOp::Add, static_cast<uint64_t>(s[2] * s[3])).add(VectorOp::Mul);
  op.inputs = {x};
  op.outputs = {activation(name + ".out", {s[0], s[1], 1, 1})};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::view(TensorId x, const std::string& name, std::vector<int64_t> shape,
                            const std::string& type) {
  OpNode op;
  op.name = name;
  op.kind = OpKind::View;
  op.type = type;
  op.precision = precision_;
  op.inputs = {x};
  op.outputs = {activation(name + ".out", std::move(shape))};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::flatten(TensorId x, const std::string& name) {
  const auto& s = g_.tensor(x).shape;
  int64_t rest = 1;
  for (size_t i = 1; i < s.size(); ++i) rest *= s[i];
  return view(x, name, {s[0], rest}, "Flatten");
}

TensorId GraphBuilder::linear_with(TensorId x, const std::string& name, TensorId w, int64_t out) {
  const auto& s = g_.tensor(x).shape;
  int64_t in = s.back();
  int64_t rows = 1;
  for (size_t i = 0; i + 1 < s.size(); ++i) rows *= s[i];
  OpNode op;
  op.name = name;
  op.kind = OpKind::MatMul;
  op.type = "Gemm";
  op.precision = precision_;
  op.mm.batch = 1;
  op.mm.m = rows;
  op.mm.k = in;
  op.mm.n = out;
  op.mm.b_is_weight = true;
  op.inputs = {x, w};
  std::vector<int64_t> shape = s;
  shape.back() = out;
  op.outputs = {activation(name + ".out", shape)};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::linear(TensorId x, const std::string& name, int64_t out, bool bias) {
  int64_t in = g_.tensor(x).shape.back();
  TensorId w = weight(name + ".weight", {out, in});
  TensorId y = linear_with(x, name, w, out);
  if (bias) g_.op(g_.tensor(y).producer).inputs.push_back(weight(name + ".bias", {out}));
  return y;
}

TensorId GraphBuilder::embedding(TensorId ids, const std::string& name, TensorId table) {
  const auto& s = g_.tensor(ids).shape;
  int64_t d = g_.tensor(table).shape.back();
  OpNode op;
  op.name = name;
  op.kind = OpKind::Embedding;
  op.type = "Gather";
  op.precision = precision_;
  op.inputs = {table, ids};
  std::vector<int64_t> shape = s;
  shape.push_back(d);
  op.outputs = {activation(name + ".out", shape)};
  g_.add_op(op);
  return op.outputs[0];
}

TensorId GraphBuilder::attention(TensorId q, TensorId k, TensorId v, const std::string& name,
                                 int64_t heads) {
  const auto& s = g_.tensor(q).shape;  // [B, S, D]
  int64_t b = s[0], seq = s[1], d = s[2], dh = d / heads;
  if (d % heads) throw InputError(name + ": model width not divisible by heads");
  TensorId qh = view(q, name + ".q_heads", {b, heads, seq, dh}, "Transpose");
  TensorId kh = view(k, name + ".k_heads", {b, heads, dh, seq}, "Transpose");
  TensorId vh = view(v, name + ".v_heads", {b, heads, seq, dh}, "Transpose");
  auto batched = [&](TensorId a, TensorId bb, const std::string& n, int64_t m, int64_t kk,
                     int64_t nn) {
    OpNode op;
    op.name = n;
    op.kind = OpKind::MatMul;
    op.type = "MatMul";
    op.precision = precision_;
    op.mm.batch = b * heads;
    op.mm.m = m;
    op.mm.k = kk;
    op.mm.n = nn;
    op.mm.b_is_weight = false;
    op.inputs = {a, bb};
    op.outputs = {activation(n + ".out", {b, heads, m, nn})};
    g_.add_op(op);
    return op.outputs[0];
  };
  TensorId scores = batched(qh, kh, name + ".qk", seq, dh, seq);
  TensorId scaled = elementwise({scores}, name + ".scale", "Mul", recipe_of("Mul"));
  TensorId probs = softmax(scaled, name + ".softmax");
  TensorId ctx = batched(probs, vh, name + ".av", seq, seq, dh);
  return view(ctx, name + ".merge_heads", {b, seq, d}, "Transpose");
}

TensorId GraphBuilder::slice_tokens(TensorId x, const std::string& name, int64_t tokens) {
  auto s = g_.tensor(x).shape;
  s[1] = tokens;
  return view(x, name, s, "Slice");
}

TensorId GraphBuilder::concat_tokens(TensorId a, TensorId b, const std::string& name) {
  auto s = g_.tensor(b).shape;
  s[1] += g_.tensor(a).shape[1];
  OpNode op;
  op.name = name;
  op.kind = OpKind::View;
  op.type = "Concat";
  op.precision = precision_;
  op.inputs = {a, b};
  op.outputs = {activation(name + ".out", s)};
  g_.add_op(op);
  return op.outputs[0];
}

Graph GraphBuilder::finish() {
  return std::move(g_);
}

}  // namespace tessera
