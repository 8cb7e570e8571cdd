#include "compiler_frontend/onnx/onnx_shape_rules.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>

#include "models/spec/errors.h"

namespace tessera::onnx_import {

namespace {

using Shape = std::vector<int64_t>;

[[noreturn]] void bad(const std::string& msg) {
  throw InputError(msg);
}

const Value& need(const std::vector<const Value*>& in, size_t i, const char* what) {
  if (i >= in.size() || !in[i])
    bad(std::string("missing input ") + std::to_string(i) + " (" + what + ")");
  return *in[i];
}
const Value& need_shape(const std::vector<const Value*>& in, size_t i) {
  const Value& v = need(in, i, "tensor");
  if (!v.known)
    bad("input " + std::to_string(i) + " has an unknown shape (pass --input-shape name=dims)");
  return v;
}
const Value& need_const(const std::vector<const Value*>& in, size_t i, const char* what) {
  const Value& v = need(in, i, what);
  if (!v.constant)
    bad(std::string("input ") + std::to_string(i) + " (" + what + ") is not a constant");
  return v;
}

int64_t numel(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0) bad("negative dimension");
    if (d > 0 && n > (int64_t(1) << 50) / d) bad("tensor too large");
    n *= d;
  }
  return n;
}

int64_t norm_axis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    bad("axis " + std::to_string(axis) + " out of range");
  return axis < 0 ? axis + rank : axis;
}

Value shaped(Shape s) {
  Value v;
  v.shape = std::move(s);
  v.known = true;
  return v;
}

Value constant(Shape s, std::vector<double> data, bool is_float) {
  Value v = shaped(std::move(s));
  v.constant = true;
  v.is_float = is_float;
  v.data = std::move(data);
  return v;
}

std::vector<int64_t> as_ints(const Value& v) {
  std::vector<int64_t> out;
  out.reserve(v.data.size());
  for (double d : v.data) {
    if (d >= 9.2e18)
      out.push_back(std::numeric_limits<int64_t>::max());
    else if (d <= -9.2e18)
      out.push_back(std::numeric_limits<int64_t>::min());
    else
      out.push_back(static_cast<int64_t>(d));
  }
  return out;
}

Shape broadcast(const Shape& a, const Shape& b) {
  size_t r = std::max(a.size(), b.size());
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (da != db && da != 1 && db != 1)
      bad("shapes cannot broadcast (" + std::to_string(da) + " vs " + std::to_string(db) + ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// Element index of `out_index` (in the broadcast shape) inside an operand of shape `s`.
size_t broadcast_index(const Shape& out, size_t flat, const Shape& s) {
  size_t idx = 0, stride = 1;
  size_t r = out.size();
  for (size_t i = r; i-- > 0;) {
    size_t coord = flat % static_cast<size_t>(out[i]);
    flat /= static_cast<size_t>(out[i]);
    if (i >= r - s.size()) {
      size_t si = i - (r - s.size());
      if (s[si] != 1) idx += coord * stride;
      stride *= static_cast<size_t>(s[si]);
    }
  }
  return idx;
}

std::vector<Value> elementwise(const std::vector<const Value*>& in, bool fold,
                               const std::string& op) {
  Shape s = need_shape(in, 0).shape;
  for (size_t i = 1; i < in.size(); ++i)
    if (in[i]) s = broadcast(s, need_shape(in, i).shape);
  if (!fold) return {shaped(s)};
  int64_t n = numel(s);
  if (n > kMaxFoldedElements) return {shaped(s)};
  std::vector<double> out(static_cast<size_t>(n));
  bool is_float = false;
  for (const Value* v : in)
    if (v) is_float = is_float || v->is_float;
  bool compare =
      op == "Equal" || op == "Less" || op == "Greater" || op == "Not" || op == "And" || op == "Or";
  for (size_t i = 0; i < out.size(); ++i) {
    auto x = [&](size_t k) { return in[k]->data[broadcast_index(s, i, in[k]->shape)]; };
    double a = x(0), r = 0;
    if (op == "Add")
      r = a + x(1);
    else if (op == "Sub")
      r = a - x(1);
    else if (op == "Mul")
      r = a * x(1);
    else if (op == "Div") {
      double b = x(1);
      if (b == 0) bad("division by zero in a constant expression");
      r = is_float ? a / b : std::trunc(a / b);
    } else if (op == "Mod") {
      double b = x(1);
      if (b == 0) bad("modulo by zero in a constant expression");
      r = is_float ? std::fmod(a, b) : a - b * std::floor(a / b);
    } else if (op == "Pow")
      r = std::pow(a, x(1));
    else if (op == "Max")
      r = std::max(a, x(1));
    else if (op == "Min")
      r = std::min(a, x(1));
    else if (op == "Equal")
      r = a == x(1);
    else if (op == "Less")
      r = a < x(1);
    else if (op == "Greater")
      r = a > x(1);
    else if (op == "And")
      r = (a != 0) && (x(1) != 0);
    else if (op == "Or")
      r = (a != 0) || (x(1) != 0);
    else if (op == "Where")
      r = a != 0 ? x(1) : x(2);
    else if (op == "Sqrt")
      r = std::sqrt(a);
    else if (op == "Neg")
      r = -a;
    else if (op == "Abs")
      r = std::fabs(a);
    else if (op == "Floor")
      r = std::floor(a);
    else if (op == "Ceil")
      r = std::ceil(a);
    else if (op == "Reciprocal")
      r = 1.0 / a;
    else if (op == "Exp")
      r = std::exp(a);
    else if (op == "Log")
      r = std::log(a);
    else if (op == "Erf")
      r = std::erf(a);
    else if (op == "Relu")
      r = std::max(0.0, a);
    else if (op == "Tanh")
      r = std::tanh(a);
    else if (op == "Sigmoid")
      r = 1.0 / (1.0 + std::exp(-a));
    else if (op == "Not")
      r = a == 0;
    else
      bad("cannot fold " + op);
    out[i] = r;
  }
  if (op == "Where") is_float = in[1]->is_float || in[2]->is_float;
  return {constant(s, std::move(out), compare ? false : is_float)};
}

std::vector<Value> same_shape(const std::vector<const Value*>& in) {
  return {shaped(need_shape(in, 0).shape)};
}

std::vector<Value> conv(const onnx::NodeProto& n, const std::vector<const Value*>& in) {
  const Shape& x = need_shape(in, 0).shape;
  const Shape& w = need_shape(in, 1).shape;
  if (x.size() != 4 || w.size() != 4) bad("Conv supports 2-D convolutions (4-D input and weight)");
  int64_t group = attr_int(n, "group", 1);
  if (group < 1 || x[1] % group || w[0] % group || w[1] * group != x[1])
    bad("Conv channels do not match the weight and group");
  auto strides = attr_ints(n, "strides"), dil = attr_ints(n, "dilations"),
       pads = attr_ints(n, "pads");
  if (strides.empty()) strides = {1, 1};
  if (dil.empty()) dil = {1, 1};
  if (pads.empty()) pads = {0, 0, 0, 0};
  if (strides.size() != 2 || dil.size() != 2 || pads.size() != 4)
    bad("Conv attributes must describe 2 spatial dims");
  std::string auto_pad = attr_string(n, "auto_pad", "NOTSET");
  Shape out = {x[0], w[0], 0, 0};
  for (int i = 0; i < 2; ++i) {
    if (strides[i] < 1 || dil[i] < 1) bad("Conv strides and dilations must be positive");
    int64_t k = dil[i] * (w[2 + i] - 1) + 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out[2 + i] = (x[2 + i] + strides[i] - 1) / strides[i];
    } else {
      int64_t span = x[2 + i] + pads[i] + pads[i + 2] - k;
      if (span < 0) bad("Conv kernel larger than the padded input");
      out[2 + i] = span / strides[i] + 1;
    }
  }
  return {shaped(out)};
}

std::vector<Value> pool(const onnx::NodeProto& n, const std::vector<const Value*>& in) {
  const Shape& x = need_shape(in, 0).shape;
  if (x.size() != 4) bad("pooling supports 4-D inputs");
  auto k = attr_ints(n, "kernel_shape"), strides = attr_ints(n, "strides"),
       pads = attr_ints(n, "pads");
  if (k.size() != 2) bad("pooling needs a 2-D kernel_shape");
  if (strides.empty()) strides = {1, 1};
  if (pads.empty()) pads = {0, 0, 0, 0};
  if (strides.size() != 2 || pads.size() != 4)
    bad("pooling attributes must describe 2 spatial dims");
  bool ceil_mode = attr_int(n, "ceil_mode", 0) != 0;
  Shape out = {x[0], x[1], 0, 0};
  for (int i = 0; i < 2; ++i) {
    if (strides[i] < 1 || k[i] < 1) bad("pooling kernel and strides must be positive");
    int64_t span = x[2 + i] + pads[i] + pads[i + 2] - k[i];
    if (span < 0) bad("pooling kernel larger than the padded input");
    out[2 + i] = (ceil_mode ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
  }
  return {shaped(out)};
}

std::vector<Value> matmul(const std::vector<const Value*>& in) {
  Shape a = need_shape(in, 0).shape, b = need_shape(in, 1).shape;
  if (a.empty() || b.empty()) bad("MatMul of scalars");
  bool a1 = a.size() == 1, b1 = b.size() == 1;
  if (a1) a.insert(a.begin(), 1);
  if (b1) b.push_back(1);
  if (a.back() != b[b.size() - 2]) bad("MatMul inner dimensions differ");
  Shape batch = broadcast(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2));
  Shape out = batch;
  if (!a1) out.push_back(a[a.size() - 2]);
  if (!b1) out.push_back(b.back());
  return {shaped(out)};
}

std::vector<Value> gemm(const onnx::NodeProto& n, const std::vector<const Value*>& in) {
  Shape a = need_shape(in, 0).shape, b = need_shape(in, 1).shape;
  if (a.size() != 2 || b.size() != 2) bad("Gemm needs 2-D inputs");
  if (attr_int(n, "transA", 0)) std::swap(a[0], a[1]);
  if (attr_int(n, "transB", 0)) std::swap(b[0], b[1]);
  if (a[1] != b[0]) bad("Gemm inner dimensions differ");
  return {shaped({a[0], b[1]})};
}

std::vector<Value> reduce(const onnx::NodeProto& n, const std::vector<const Value*>& in) {
  Shape x = need_shape(in, 0).shape;
  std::vector<int64_t> axes = attr_ints(n, "axes");
  if (in.size() > 1 && in[1]) axes = as_ints(need_const(in, 1, "axes"));
  bool keep = attr_int(n, "keepdims", 1) != 0;
  int64_t r = static_cast<int64_t>(x.size());
  std::vector<bool> reduced(x.size(), axes.empty());
  for (int64_t a : axes) reduced[static_cast<size_t>(norm_axis(a, r))] = true;
  Shape out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!reduced[i])
      out.push_back(x[i]);
    else if (keep)
      out.push_back(1);
  }
  return {shaped(out)};
}

std::vector<Value> reshape(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                           bool fold) {
  const Value& x = need_shape(in, 0);
  std::vector<int64_t> target = as_ints(need_const(in, 1, "shape"));
  bool allowzero = attr_int(n, "allowzero", 0) != 0;
  Shape out;
  int64_t infer = -1, known = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t d = target[i];
    if (d == 0 && !allowzero) {
      if (i >= x.shape.size()) bad("Reshape copies a dimension that does not exist");
      d = x.shape[i];
    }
    if (d == -1) {
      if (infer >= 0) bad("Reshape has two -1 dimensions");
      infer = static_cast<int64_t>(i);
      out.push_back(1);
      continue;
    }
    if (d < 0) bad("Reshape to a negative dimension");
    if (d > 0 && known > (int64_t(1) << 50) / d)
      bad("Reshape to a tensor too large");  // fuzz: overflow
    out.push_back(d);
    known *= d;
  }
  int64_t total = numel(x.shape);
  if (infer >= 0) {
    if (known == 0 || total % known) bad("Reshape cannot infer the -1 dimension");
    out[static_cast<size_t>(infer)] = total / known;
  }
  if (numel(out) != total) bad("Reshape changes the number of elements");
  if (fold && x.constant) return {constant(out, x.data, x.is_float)};
  return {shaped(out)};
}

std::vector<Value> transpose(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                             bool fold) {
  const Value& x = need_shape(in, 0);
  std::vector<int64_t> perm = attr_ints(n, "perm");
  size_t r = x.shape.size();
  if (perm.empty())
    for (size_t i = 0; i < r; ++i) perm.push_back(static_cast<int64_t>(r - 1 - i));
  if (perm.size() != r) bad("Transpose perm does not match the rank");
  Shape out(r);
  std::vector<bool> seen(r, false);
  for (size_t i = 0; i < r; ++i) {
    int64_t p = perm[i];
    if (p < 0 || p >= static_cast<int64_t>(r) || seen[static_cast<size_t>(p)])
      bad("Transpose perm is not a permutation");
    seen[static_cast<size_t>(p)] = true;
    out[i] = x.shape[static_cast<size_t>(p)];
  }
  if (!(fold && x.constant)) return {shaped(out)};
  std::vector<double> data(x.data.size());
  std::vector<size_t> in_strides(r, 1);
  for (size_t i = r; i-- > 1;) in_strides[i - 1] = in_strides[i] * static_cast<size_t>(x.shape[i]);
  for (size_t flat = 0; flat < data.size(); ++flat) {
    size_t rem = flat, src = 0;
    for (size_t i = r; i-- > 0;) {
      size_t coord = rem % static_cast<size_t>(out[i]);
      rem /= static_cast<size_t>(out[i]);
      src += coord * in_strides[static_cast<size_t>(perm[i])];
    }
    data[flat] = x.data[src];
  }
  return {constant(out, std::move(data), x.is_float)};
}

std::vector<Value> concat(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                          bool fold) {
  const Value& first = need_shape(in, 0);
  int64_t axis = norm_axis(attr_int(n, "axis", 0), static_cast<int64_t>(first.shape.size()));
  Shape out = first.shape;
  out[static_cast<size_t>(axis)] = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const Value& v = need_shape(in, i);
    if (v.shape.size() != out.size()) bad("Concat inputs differ in rank");
    for (size_t d = 0; d < out.size(); ++d)
      if (static_cast<int64_t>(d) != axis && v.shape[d] != first.shape[d])
        bad("Concat inputs differ off the axis");
    out[static_cast<size_t>(axis)] += v.shape[static_cast<size_t>(axis)];
  }
  if (!fold) return {shaped(out)};
  // Constants: concatenate blocks along the axis.
  size_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= static_cast<size_t>(out[static_cast<size_t>(d)]);
  for (size_t d = static_cast<size_t>(axis) + 1; d < out.size(); ++d)
    inner *= static_cast<size_t>(out[d]);
  std::vector<double> data;
  bool is_float = false;
  for (size_t o = 0; o < outer; ++o)
    for (const Value* v : in) {
      size_t block = static_cast<size_t>(v->shape[static_cast<size_t>(axis)]) * inner;
      data.insert(data.end(), v->data.begin() + static_cast<long>(o * block),
                  v->data.begin() + static_cast<long>((o + 1) * block));
      is_float = is_float || v->is_float;
    }
  return {constant(out, std::move(data), is_float)};
}

std::vector<Value> gather(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                          bool fold) {
  const Value& x = need_shape(in, 0);
  const Value& idx = need_shape(in, 1);
  int64_t axis = norm_axis(attr_int(n, "axis", 0), static_cast<int64_t>(x.shape.size()));
  Shape out(x.shape.begin(), x.shape.begin() + axis);
  out.insert(out.end(), idx.shape.begin(), idx.shape.end());
  out.insert(out.end(), x.shape.begin() + axis + 1, x.shape.end());
  if (!(fold && x.constant && idx.constant)) return {shaped(out)};
  size_t outer = 1, inner = 1, dim = static_cast<size_t>(x.shape[static_cast<size_t>(axis)]);
  for (int64_t d = 0; d < axis; ++d) outer *= static_cast<size_t>(x.shape[static_cast<size_t>(d)]);
  for (size_t d = static_cast<size_t>(axis) + 1; d < x.shape.size(); ++d)
    inner *= static_cast<size_t>(x.shape[d]);
  std::vector<double> data;
  for (size_t o = 0; o < outer; ++o)
    for (int64_t i : as_ints(idx)) {
      int64_t j = i < 0 ? i + static_cast<int64_t>(dim) : i;
      if (j < 0 || j >= static_cast<int64_t>(dim)) bad("Gather index out of range");
      size_t base = (o * dim + static_cast<size_t>(j)) * inner;
      data.insert(data.end(), x.data.begin() + static_cast<long>(base),
                  x.data.begin() + static_cast<long>(base + inner));
    }
  return {constant(out, std::move(data), x.is_float)};
}

std::vector<Value> slice(const std::vector<const Value*>& in, bool fold) {
  const Value& x = need_shape(in, 0);
  std::vector<int64_t> starts = as_ints(need_const(in, 1, "starts")),
                       ends = as_ints(need_const(in, 2, "ends"));
  if (starts.size() != ends.size()) bad("Slice starts and ends differ in length");
  size_t r = x.shape.size();
  std::vector<int64_t> axes, steps;
  if (in.size() > 3 && in[3])
    axes = as_ints(need_const(in, 3, "axes"));
  else
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (in.size() > 4 && in[4])
    steps = as_ints(need_const(in, 4, "steps"));
  else
    steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    bad("Slice inputs differ in length");
  std::vector<int64_t> lo(r, 0), step(r, 1);
  Shape out = x.shape;
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t a = static_cast<size_t>(norm_axis(axes[i], static_cast<int64_t>(r)));
    int64_t dim = x.shape[a], s = steps[i];
    if (s == 0) bad("Slice step 0");
    // ONNX clamping: positive steps clamp to [0, dim]; negative steps start in [0, dim-1] and
    // end in [-1, dim-1].
    auto clampi = [&](int64_t v, bool is_end) {
      if (v < 0) v += dim;
      if (s > 0) return std::min(std::max<int64_t>(v, 0), dim);
      return std::min(std::max<int64_t>(v, is_end ? -1 : 0), dim - 1);
    };
    int64_t b = clampi(starts[i], false), e = clampi(ends[i], true);
    int64_t len =
        s > 0 ? (e > b ? (e - b + s - 1) / s : 0) : (b > e ? (b - e + (-s) - 1) / (-s) : 0);
    out[a] = len;
    lo[a] = b;
    step[a] = s;
  }
  if (!(fold && x.constant)) return {shaped(out)};
  std::vector<double> data(static_cast<size_t>(numel(out)));
  std::vector<size_t> strides(r, 1);
  for (size_t i = r; i-- > 1;) strides[i - 1] = strides[i] * static_cast<size_t>(x.shape[i]);
  for (size_t flat = 0; flat < data.size(); ++flat) {
    size_t rem = flat, src = 0;
    for (size_t i = r; i-- > 0;) {
      int64_t coord = static_cast<int64_t>(rem % static_cast<size_t>(out[i]));
      rem /= static_cast<size_t>(out[i]);
      src += static_cast<size_t>(lo[i] + coord * step[i]) * strides[i];
    }
    data[flat] = x.data[src];
  }
  return {constant(out, std::move(data), x.is_float)};
}

std::vector<Value> unsqueeze(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                             bool fold) {
  const Value& x = need_shape(in, 0);
  std::vector<int64_t> axes = attr_ints(n, "axes");
  if (in.size() > 1 && in[1]) axes = as_ints(need_const(in, 1, "axes"));
  int64_t r = static_cast<int64_t>(x.shape.size() + axes.size());
  std::vector<bool> ins(static_cast<size_t>(r), false);
  for (int64_t a : axes) {
    size_t k = static_cast<size_t>(norm_axis(a, r));
    if (ins[k]) bad("Unsqueeze axis repeated");
    ins[k] = true;
  }
  Shape out;
  size_t j = 0;
  for (size_t i = 0; i < static_cast<size_t>(r); ++i) out.push_back(ins[i] ? 1 : x.shape.at(j++));
  if (fold && x.constant) return {constant(out, x.data, x.is_float)};
  return {shaped(out)};
}

std::vector<Value> squeeze(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                           bool fold) {
  const Value& x = need_shape(in, 0);
  std::vector<int64_t> axes = attr_ints(n, "axes");
  if (in.size() > 1 && in[1]) axes = as_ints(need_const(in, 1, "axes"));
  int64_t r = static_cast<int64_t>(x.shape.size());
  std::vector<bool> drop(x.shape.size(), false);
  if (axes.empty()) {
    for (size_t i = 0; i < x.shape.size(); ++i) drop[i] = x.shape[i] == 1;
  } else {
    for (int64_t a : axes) {
      size_t k = static_cast<size_t>(norm_axis(a, r));
      if (x.shape[k] != 1) bad("Squeeze of a dimension that is not 1");
      drop[k] = true;
    }
  }
  Shape out;
  for (size_t i = 0; i < x.shape.size(); ++i)
    if (!drop[i]) out.push_back(x.shape[i]);
  if (fold && x.constant) return {constant(out, x.data, x.is_float)};
  return {shaped(out)};
}

std::vector<Value> expand(const std::vector<const Value*>& in, bool fold) {
  const Value& x = need_shape(in, 0);
  Shape target = as_ints(need_const(in, 1, "shape"));
  Shape out = broadcast(x.shape, target);
  if (!(fold && x.constant) || numel(out) > kMaxFoldedElements) return {shaped(out)};
  std::vector<double> data(static_cast<size_t>(numel(out)));
  for (size_t i = 0; i < data.size(); ++i) data[i] = x.data[broadcast_index(out, i, x.shape)];
  return {constant(out, std::move(data), x.is_float)};
}

std::vector<Value> split(const onnx::NodeProto& n, const std::vector<const Value*>& in) {
  const Value& x = need_shape(in, 0);
  int64_t axis = norm_axis(attr_int(n, "axis", 0), static_cast<int64_t>(x.shape.size()));
  std::vector<int64_t> sizes = attr_ints(n, "split");
  if (in.size() > 1 && in[1]) sizes = as_ints(need_const(in, 1, "split"));
  int64_t dim = x.shape[static_cast<size_t>(axis)];
  size_t outputs = static_cast<size_t>(n.output_size());
  if (sizes.empty()) {
    int64_t parts = attr_int(n, "num_outputs", static_cast<int64_t>(outputs));
    if (parts < 1) bad("Split into no parts");
    int64_t each = (dim + parts - 1) / parts;
    for (int64_t p = 0; p < parts; ++p) sizes.push_back(std::min(each, dim - p * each));
  }
  if (sizes.size() != outputs) bad("Split sizes do not match the outputs");
  int64_t sum = 0;
  std::vector<Value> out;
  for (int64_t s : sizes) {
    if (s < 0) bad("negative Split size");
    Shape o = x.shape;
    o[static_cast<size_t>(axis)] = s;
    out.push_back(shaped(o));
    sum += s;
  }
  if (sum != dim) bad("Split sizes do not add up to the dimension");
  return out;
}

std::vector<Value> flatten(const onnx::NodeProto& n, const std::vector<const Value*>& in,
                           bool fold) {
  const Value& x = need_shape(in, 0);
  int64_t r = static_cast<int64_t>(x.shape.size());
  int64_t axis = attr_int(n, "axis", 1);
  if (axis < 0) axis += r;
  if (axis < 0 || axis > r) bad("Flatten axis out of range");
  int64_t a = 1, b = 1;
  for (int64_t i = 0; i < r; ++i) (i < axis ? a : b) *= x.shape[static_cast<size_t>(i)];
  if (fold && x.constant) return {constant({a, b}, x.data, x.is_float)};
  return {shaped({a, b})};
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool has_attr(const onnx::NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute())
    if (a.name() == name) return true;
  return false;
}
int64_t attr_int(const onnx::NodeProto& n, const std::string& name, int64_t def) {
  for (const auto& a : n.attribute())
    if (a.name() == name) {
      if (a.type() != onnx::AttributeProto::INT) bad("attribute '" + name + "' must be an integer");
      return a.i();
    }
  return def;
}
float attr_float(const onnx::NodeProto& n, const std::string& name, float def) {
  for (const auto& a : n.attribute())
    if (a.name() == name) {
      if (a.type() != onnx::AttributeProto::FLOAT) bad("attribute '" + name + "' must be a float");
      return a.f();
    }
  return def;
}
std::vector<int64_t> attr_ints(const onnx::NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute())
    if (a.name() == name) {
      if (a.type() != onnx::AttributeProto::INTS)
        bad("attribute '" + name + "' must be a list of integers");
      return std::vector<int64_t>(a.ints().begin(), a.ints().end());
    }
  return {};
}
std::string attr_string(const onnx::NodeProto& n, const std::string& name, const std::string& def) {
  for (const auto& a : n.attribute())
    if (a.name() == name) {
      if (a.type() != onnx::AttributeProto::STRING)
        bad("attribute '" + name + "' must be a string");
      return a.s();
    }
  return def;
}

bool is_integer_type(int32_t t) {
  using T = onnx::TensorProto;
  return t == T::INT64 || t == T::INT32 || t == T::INT16 || t == T::INT8 || t == T::UINT8 ||
         t == T::UINT16 || t == T::UINT32 || t == T::UINT64 || t == T::BOOL;
}

bool read_tensor_values(const onnx::TensorProto& t, std::vector<double>& out, bool& is_float) {
  using T = onnx::TensorProto;
  int64_t n = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > kMaxFoldedElements / d)) return false;
    n *= d;
  }
  if (n > kMaxFoldedElements) return false;
  out.clear();
  is_float = !is_integer_type(t.data_type());
  const std::string& raw = t.raw_data();
  auto from_raw = [&](size_t width, auto convert) {
    if (raw.size() != static_cast<size_t>(n) * width) return false;
    for (int64_t i = 0; i < n; ++i)
      out.push_back(convert(raw.data() + static_cast<size_t>(i) * width));
    return true;
  };
  switch (t.data_type()) {
    case T::FLOAT:
      if (!raw.empty())
        return from_raw(4, [](const char* p) {
          float v;
          std::memcpy(&v, p, 4);
          return double(v);
        });
      if (t.float_data_size() != n) return false;
      for (float v : t.float_data()) out.push_back(v);
      return true;
    case T::DOUBLE:
      if (!raw.empty())
        return from_raw(8, [](const char* p) {
          double v;
          std::memcpy(&v, p, 8);
          return v;
        });
      if (t.double_data_size() != n) return false;
      for (double v : t.double_data()) out.push_back(v);
      return true;
    case T::INT64:
      if (!raw.empty())
        return from_raw(8, [](const char* p) {
          int64_t v;
          std::memcpy(&v, p, 8);
          return double(v);
        });
      if (t.int64_data_size() != n) return false;
      for (int64_t v : t.int64_data()) out.push_back(static_cast<double>(v));
      return true;
    case T::INT32:
    case T::INT8:
    case T::UINT8:
    case T::BOOL:
    case T::INT16: {
      size_t width = t.data_type() == T::INT32 ? 4 : (t.data_type() == T::INT16 ? 2 : 1);
      if (!raw.empty())
        return from_raw(width, [width, &t](const char* p) {
          if (width == 4) {
            int32_t v;
            std::memcpy(&v, p, 4);
            return double(v);
          }
          if (width == 2) {
            int16_t v;
            std::memcpy(&v, p, 2);
            return double(v);
          }
          return t.data_type() == onnx::TensorProto::INT8 ? double(static_cast<int8_t>(*p))
                                                          : double(static_cast<uint8_t>(*p));
        });
      if (t.int32_data_size() != n) return false;
      for (int32_t v : t.int32_data()) out.push_back(v);
      return true;
    }
    default:
      return false;
  }
}

namespace {
using Rule = std::function<std::vector<Value>(const onnx::NodeProto&,
                                              const std::vector<const Value*>&, bool)>;

const std::map<std::string, Rule>& rules() {
  static const std::map<std::string, Rule> r = [] {
    std::map<std::string, Rule> m;
    auto ew = [](const std::string& op) {
      return [op](const onnx::NodeProto&, const std::vector<const Value*>& in, bool fold) {
        return elementwise(in, fold, op);
      };
    };
    for (const char* op :
         {"Add",  "Sub",        "Mul", "Div", "Mod",   "Pow",  "Max",  "Min",     "Equal",
          "Less", "Greater",    "And", "Or",  "Where", "Sqrt", "Neg",  "Abs",     "Floor",
          "Ceil", "Reciprocal", "Exp", "Log", "Erf",   "Relu", "Tanh", "Sigmoid", "Not"})
      m[op] = ew(op);
    auto same = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      return same_shape(in);
    };
    for (const char* op : {"Softmax", "LayerNormalization", "BatchNormalization", "Clip",
                           "LeakyRelu", "HardSigmoid", "HardSwish", "Gelu", "LogSoftmax"})
      m[op] = same;
    m["Identity"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      return std::vector<Value>{*in.at(0)};
    };
    m["Dropout"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      return same_shape(in);
    };
    m["Cast"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      Value v = need_shape(in, 0);
      v.weight = false;
      v.tensor = kNone;
      int64_t to = attr_int(n, "to", onnx::TensorProto::FLOAT);
      v.is_float = !is_integer_type(static_cast<int32_t>(to));
      v.integer = !v.is_float;
      if (fold && v.constant && !v.is_float)
        for (double& d : v.data) d = std::trunc(d);
      if (!fold) v.constant = false, v.data.clear();
      return std::vector<Value>{v};
    };
    m["Trilu"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      const Value& x = need_shape(in, 0);
      if (x.shape.size() < 2) bad("Trilu needs a matrix");
      if (!(fold && x.constant)) return std::vector<Value>{shaped(x.shape)};
      int64_t k = in.size() > 1 && in[1] ? as_ints(need_const(in, 1, "k")).at(0) : 0;
      bool upper = attr_int(n, "upper", 1) != 0;
      int64_t rows = x.shape[x.shape.size() - 2], cols = x.shape.back();
      std::vector<double> d = x.data;
      for (size_t i = 0; i < d.size(); ++i) {
        int64_t c = static_cast<int64_t>(i) % cols, r = (static_cast<int64_t>(i) / cols) % rows;
        bool keep = upper ? c - r >= k : c - r <= k;
        if (!keep) d[i] = 0;
      }
      return std::vector<Value>{constant(x.shape, std::move(d), x.is_float)};
    };
    m["Conv"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
      return conv(n, in);
    };
    m["MaxPool"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
      return pool(n, in);
    };
    m["AveragePool"] = m["MaxPool"];
    m["GlobalAveragePool"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      Shape x = need_shape(in, 0).shape;
      if (x.size() < 3) bad("GlobalAveragePool needs a spatial input");
      for (size_t i = 2; i < x.size(); ++i) x[i] = 1;
      return std::vector<Value>{shaped(x)};
    };
    m["GlobalMaxPool"] = m["GlobalAveragePool"];
    m["MatMul"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      return matmul(in);
    };
    m["Gemm"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
      return gemm(n, in);
    };
    for (const char* op : {"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin"})
      m[op] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
        return reduce(n, in);
      };
    m["Reshape"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return reshape(n, in, fold);
    };
    m["Transpose"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return transpose(n, in, fold);
    };
    m["Concat"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return concat(n, in, fold);
    };
    m["Gather"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return gather(n, in, fold);
    };
    m["Slice"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool fold) {
      return slice(in, fold);
    };
    m["Unsqueeze"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return unsqueeze(n, in, fold);
    };
    m["Squeeze"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return squeeze(n, in, fold);
    };
    m["Expand"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool fold) {
      return expand(in, fold);
    };
    m["Split"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
      return split(n, in);
    };
    m["Flatten"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool fold) {
      return flatten(n, in, fold);
    };
    m["Shape"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
      const Shape& x = need_shape(in, 0).shape;
      int64_t r = static_cast<int64_t>(x.size());
      int64_t start = attr_int(n, "start", 0), end = attr_int(n, "end", r);
      if (start < 0) start += r;
      if (end < 0) end += r;
      start = std::clamp<int64_t>(start, 0, r);
      end = std::clamp<int64_t>(end, 0, r);
      std::vector<double> d;
      for (int64_t i = start; i < end; ++i)
        d.push_back(static_cast<double>(x[static_cast<size_t>(i)]));
      Value v = constant({static_cast<int64_t>(d.size())}, d, false);
      v.integer = true;
      return std::vector<Value>{v};
    };
    m["Size"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      return std::vector<Value>{
          constant({}, {static_cast<double>(numel(need_shape(in, 0).shape))}, false)};
    };
    m["ConstantOfShape"] = [](const onnx::NodeProto& n, const std::vector<const Value*>& in, bool) {
      Shape s = as_ints(need_const(in, 0, "shape"));
      double fill = 0;
      bool is_float = true;
      for (const auto& a : n.attribute())
        if (a.name() == "value" && a.has_t()) {
          std::vector<double> v;
          if (read_tensor_values(a.t(), v, is_float) && !v.empty()) fill = v[0];
        }
      int64_t count = numel(s);
      if (count > kMaxFoldedElements) return std::vector<Value>{shaped(s)};
      return std::vector<Value>{
          constant(s, std::vector<double>(static_cast<size_t>(count), fill), is_float)};
    };
    m["Range"] = [](const onnx::NodeProto&, const std::vector<const Value*>& in, bool) {
      const Value& s = need_const(in, 0, "start");
      const Value& l = need_const(in, 1, "limit");
      const Value& d = need_const(in, 2, "delta");
      if (s.data.empty() || l.data.empty() || d.data.empty() || d.data[0] == 0)
        bad("Range needs non-zero delta");
      double count = std::max(0.0, std::ceil((l.data[0] - s.data[0]) / d.data[0]));
      if (count > kMaxFoldedElements) bad("Range too long to fold");
      std::vector<double> v;
      for (int64_t i = 0; i < static_cast<int64_t>(count); ++i)
        v.push_back(s.data[0] + static_cast<double>(i) * d.data[0]);
      return std::vector<Value>{constant({static_cast<int64_t>(v.size())}, v, s.is_float)};
    };
    m["Constant"] = [](const onnx::NodeProto& n, const std::vector<const Value*>&, bool) {
      for (const auto& a : n.attribute()) {
        if (a.name() == "value" && a.has_t()) {
          std::vector<double> v;
          bool is_float = false;
          Shape s(a.t().dims().begin(), a.t().dims().end());
          if (!read_tensor_values(a.t(), v, is_float)) {
            Value big = shaped(s);  // too large to fold: becomes a weight where it is used
            big.is_float = !is_integer_type(a.t().data_type());
            return std::vector<Value>{big};
          }
          return std::vector<Value>{constant(s, v, is_float)};
        }
        if (a.name() == "value_int")
          return std::vector<Value>{constant({}, {static_cast<double>(a.i())}, false)};
        if (a.name() == "value_float") return std::vector<Value>{constant({}, {a.f()}, true)};
        if (a.name() == "value_ints") {
          std::vector<double> v(a.ints().begin(), a.ints().end());
          return std::vector<Value>{constant({static_cast<int64_t>(v.size())}, v, false)};
        }
        if (a.name() == "value_floats") {
          std::vector<double> v(a.floats().begin(), a.floats().end());
          return std::vector<Value>{constant({static_cast<int64_t>(v.size())}, v, true)};
        }
      }
      bad("Constant without a value");
    };
    return m;
  }();
  return r;
}
}  // namespace

bool has_shape_rule(const std::string& op) {
  return rules().count(op) > 0;
}

bool can_fold(const std::string& op) {
  static const char* foldable[] = {"Add",
                                   "Sub",
                                   "Mul",
                                   "Div",
                                   "Mod",
                                   "Pow",
                                   "Max",
                                   "Min",
                                   "Equal",
                                   "Less",
                                   "Greater",
                                   "And",
                                   "Or",
                                   "Where",
                                   "Sqrt",
                                   "Neg",
                                   "Abs",
                                   "Floor",
                                   "Ceil",
                                   "Reciprocal",
                                   "Exp",
                                   "Log",
                                   "Erf",
                                   "Relu",
                                   "Tanh",
                                   "Sigmoid",
                                   "Not",
                                   "Identity",
                                   "Cast",
                                   "Reshape",
                                   "Transpose",
                                   "Concat",
                                   "Gather",
                                   "Slice",
                                   "Unsqueeze",
                                   "Squeeze",
                                   "Expand",
                                   "Flatten",
                                   "Shape",
                                   "Size",
                                   "ConstantOfShape",
                                   "Range",
                                   "Constant",
                                   "Trilu"};
  for (const char* f : foldable)
    if (op == f) return true;
  return false;
}

std::vector<Value> apply_rule(const onnx::NodeProto& node, const std::vector<const Value*>& in,
                              bool fold) {
  auto it = rules().find(node.op_type());
  if (it == rules().end()) bad("no shape rule for " + node.op_type());
  std::vector<Value> out = it->second(node, in, fold);
  if (out.size() < static_cast<size_t>(node.output_size()) && node.op_type() != "Dropout")
    bad("produces fewer outputs than the node declares");
  for (auto& v : out) {
    if (v.known) numel(v.shape);  // rejects negative or absurd dimensions
    if (v.constant && static_cast<int64_t>(v.data.size()) != v.elements())
      bad("constant of inconsistent size");
  }
  return out;
}

}  // namespace tessera::onnx_import
