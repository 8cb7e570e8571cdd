#include "compiler_frontend/onnx/onnx_importer.h"

#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <queue>
#include <set>
#include <sstream>

#include "compiler_frontend/graph/vector_recipes.h"
#include "compiler_frontend/onnx/onnx_shape_rules.h"
#include "compiler_frontend/onnx/onnx_value.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

using namespace onnx_import;

// Operand positions that hold parameters. A graph input used at one of these is a weight.
bool is_weight_position(const std::string& op, int i) {
  if (op == "Gather") return i == 0;
  if (op == "Conv" || op == "Gemm" || op == "LayerNormalization") return i >= 1;
  if (op == "BatchNormalization") return i >= 1;
  if (op == "MatMul") return i == 1;
  return false;
}

// Operand positions that carry run-time data. A graph input used only at such positions is a
// model input; any other graph input of an export_params=False model is a weight.
bool is_data_position(const std::string& op, int i) {
  if (op == "Gather") return i == 1;
  static const char* first_is_data[] = {"Conv",
                                        "Gemm",
                                        "MatMul",
                                        "Transpose",
                                        "Reshape",
                                        "Flatten",
                                        "Relu",
                                        "MaxPool",
                                        "AveragePool",
                                        "GlobalAveragePool",
                                        "LayerNormalization",
                                        "BatchNormalization",
                                        "Softmax",
                                        "Squeeze",
                                        "Unsqueeze",
                                        "Slice",
                                        "Cast"};
  for (const char* o : first_is_data)
    if (op == o) return i == 0;
  return false;
}

std::string node_label(const onnx::NodeProto& n, int index) {
  return n.name().empty() ? n.op_type() + "_" + std::to_string(index) : n.name();
}

// Operators whose cost depends on their inputs; every other element-wise operator has a fixed
// recipe in the one table (compiler_frontend/graph/vector_recipes.h).
bool is_parametric(const std::string& op) {
  return op == "Pow" || op == "ReduceMean" || op == "ReduceSum" || op == "ReduceMax" ||
         op == "ReduceMin";
}

VectorWork work_for(const std::string& op, const std::vector<const Value*>& in, const Value& out) {
  if (const VectorWork* w = vector_recipe(op)) return *w;
  VectorWork w;
  if (op == "Pow") {
    const Value* e = in.size() > 1 ? in[1] : nullptr;
    if (e && e->constant && e->data.size() == 1 && e->data[0] == 2) return recipe_of("Mul");
    if (e && e->constant && e->data.size() == 1 && e->data[0] == 0.5) return recipe_of("Sqrt");
    return w.add(VectorOp::Exp, 2).add(VectorOp::Mul);  // exp(y * log x)
  }
  // A reduction: one operation per input element it folds, and a scale for the mean.
  const int64_t ratio = out.elements() > 0 ? in[0]->elements() / out.elements() : 1;
  const VectorOp each = op == "ReduceMax" || op == "ReduceMin" ? VectorOp::Max : VectorOp::Add;
  w.add(each, static_cast<uint64_t>(std::max<int64_t>(1, ratio)));
  if (op == "ReduceMean") w.add(VectorOp::Mul);
  return w;
}

bool is_elementwise(const std::string& op) {
  return vector_recipe(op) || is_parametric(op);
}

bool is_view(const std::string& op) {
  static const std::set<std::string> ops = {
      "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Identity", "Dropout",
      "Cast",    "Expand",  "Concat",    "Split",   "Slice",     "Gather"};
  return ops.count(op) > 0;
}

class Importer {
 public:
  Importer(const std::string& path, const OnnxImportOptions& opts,
           std::vector<std::string>* skipped)
      : path_(path), opts_(opts), skipped_(skipped) {}

  Graph run() {
    load();
    std::string stem = path_.substr(
        path_.find_last_of('/') == std::string::npos ? 0 : path_.find_last_of('/') + 1);
    if (stem.size() > 5 && stem.substr(stem.size() - 5) == ".onnx")
      stem = stem.substr(0, stem.size() - 5);
    g_.name = stem;
    g_.batch = opts_.batch;
    declare_initializers();
    declare_inputs();
    for (int idx : topological_nodes()) process(idx);
    for (const auto& kv : opts_.input_shapes)
      if (!used_shape_overrides_.count(kv.first))
        fail("--input-shape names '" + kv.first + "', which is not an input of the model");
    return std::move(g_);
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const {
    throw InputError("model '" + path_ + "': " + msg);
  }
  [[noreturn]] void fail_node(int idx, const std::string& msg) const {
    const auto& n = graph().node(idx);
    throw InputError("model '" + path_ + "': node '" + node_label(n, idx) + "' (" + n.op_type() +
                     "): " + msg);
  }
  const onnx::GraphProto& graph() const { return model_.graph(); }

  void load() {
    std::error_code ec;
    const auto st = std::filesystem::status(path_, ec);
    if (std::filesystem::is_directory(st)) fail("is a folder, not a model file");
    if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st))
      fail("not a regular file (a device, FIFO or socket)");
    // A single protobuf cannot exceed 2 GiB; a larger file is not a model this reader can take.
    if (!ec && std::filesystem::is_regular_file(st) &&
        std::filesystem::file_size(path_, ec) > (uintmax_t(2) << 30))
      fail("larger than 2 GiB, the most one ONNX protobuf can hold (external data is not read)");
    std::ifstream in(path_, std::ios::binary);
    if (!in) fail("cannot open the file (missing or unreadable)");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    if (bytes.empty()) fail("the file is empty");
    if (!model_.ParseFromString(bytes))
      fail("not an ONNX model (the protobuf does not parse; truncated?)");
    if (!model_.has_graph() || graph().node_size() == 0)
      fail("not an ONNX model (no graph with nodes)");
    if (model_.opset_import_size() == 0) fail("not an ONNX model (no opset_import)");
  }

  Value& value(const std::string& name) { return values_[name]; }

  void declare_initializers() {
    for (const auto& t : graph().initializer()) {
      Value v;
      v.shape.assign(t.dims().begin(), t.dims().end());
      for (int64_t d : v.shape)
        if (d < 0) fail("initializer '" + t.name() + "' has a negative dimension");
      v.known = true;
      bool integer = is_integer_type(t.data_type());
      std::vector<double> data;
      bool is_float = false;
      // Integer initializers (shapes, axes, indices) and scalars are constants; the rest are
      // weights.
      if ((integer || v.elements() <= 1) && read_tensor_values(t, data, is_float)) {
        v.constant = true;
        v.data = std::move(data);
        v.is_float = is_float;
      } else {
        v.weight = true;
        v.integer = integer;
      }
      values_[t.name()] = v;
    }
  }

  void declare_inputs() {
    // Consumers of each name, to tell model inputs from parameter inputs.
    std::map<std::string, bool> data_use, weight_use;
    for (const auto& n : graph().node())
      for (int i = 0; i < n.input_size(); ++i) {
        if (is_data_position(n.op_type(), i)) data_use[n.input(i)] = true;
        if (is_weight_position(n.op_type(), i)) weight_use[n.input(i)] = true;
      }
    for (const auto& in : graph().input()) {
      if (values_.count(in.name())) continue;  // an initializer listed as input too
      Value v;
      const auto& tt = in.type().tensor_type();
      bool integer = is_integer_type(tt.elem_type());
      auto override_it = opts_.input_shapes.find(in.name());
      if (override_it != opts_.input_shapes.end()) {
        v.shape = override_it->second;
        used_shape_overrides_.insert(in.name());
      } else {
        if (!tt.has_shape())
          fail("input '" + in.name() + "' has no shape (pass --input-shape " + in.name() + "=...)");
        for (int d = 0; d < tt.shape().dim_size(); ++d) {
          const auto& dim = tt.shape().dim(d);
          if (dim.has_dim_value() && dim.dim_value() > 0) {
            v.shape.push_back(dim.dim_value());
          } else if (d == 0) {
            v.shape.push_back(opts_.batch);  // a symbolic leading dimension is the batch
          } else if (d == 1 && integer && tt.shape().dim_size() == 2) {
            v.shape.push_back(opts_.seq_len);  // token ids [batch, sequence]
          } else {
            fail("input '" + in.name() + "' has dynamic dimension " + std::to_string(d) +
                 (dim.dim_param().empty() ? "" : " ('" + dim.dim_param() + "')") +
                 ": pass --input-shape " + in.name() + "=1x3x224x224 (its full shape)");
          }
        }
      }
      v.known = true;
      v.integer = integer;
      bool is_data = (data_use.count(in.name()) && !weight_use.count(in.name())) ||
                     override_it != opts_.input_shapes.end();
      Tensor t;
      t.name = in.name();
      t.shape = v.shape;
      t.kind = is_data ? TensorKind::ModelInput : TensorKind::Weight;
      if (integer) t.fixed_bits = 32;
      v.weight = !is_data;
      v.tensor = g_.add_tensor(t);
      values_[in.name()] = v;
    }
  }

  std::vector<int> topological_nodes() {
    const auto& nodes = graph().node();
    std::map<std::string, int> producer;
    for (int i = 0; i < nodes.size(); ++i)
      for (const auto& o : nodes[i].output())
        if (!o.empty()) producer[o] = i;
    std::vector<int> indeg(static_cast<size_t>(nodes.size()), 0);
    std::vector<std::vector<int>> users(static_cast<size_t>(nodes.size()));
    for (int i = 0; i < nodes.size(); ++i)
      for (const auto& in : nodes[i].input()) {
        if (in.empty()) continue;
        auto p = producer.find(in);
        if (p != producer.end()) {
          indeg[static_cast<size_t>(i)]++;
          users[static_cast<size_t>(p->second)].push_back(i);
        } else if (!values_.count(in)) {
          fail_node(i, "reads '" + in + "', which no node, initializer or input provides");
        }
      }
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int i = 0; i < nodes.size(); ++i)
      if (indeg[static_cast<size_t>(i)] == 0) ready.push(i);
    std::vector<int> order;
    while (!ready.empty()) {
      int i = ready.top();
      ready.pop();
      order.push_back(i);
      for (int u : users[static_cast<size_t>(i)])
        if (--indeg[static_cast<size_t>(u)] == 0) ready.push(u);
    }
    if (order.size() != static_cast<size_t>(nodes.size())) {
      for (int i = 0; i < nodes.size(); ++i)
        if (indeg[static_cast<size_t>(i)] > 0)
          fail_node(i, "the graph has a cycle through this node");
    }
    return order;
  }

  // A constant or large constant used at run time becomes a weight tensor (it lives in DRAM).
  TensorId materialize(const std::string& name, Value& v) {
    if (v.tensor != kNone) return v.tensor;
    Tensor t;
    t.name = name;
    t.shape = v.shape;
    t.kind = TensorKind::Constant;
    if (v.integer || (v.constant && !v.is_float)) t.fixed_bits = 32;
    v.tensor = g_.add_tensor(t);
    v.weight = true;
    return v.tensor;
  }

  TensorId new_activation(const std::string& name, const Value& v) {
    Tensor t;
    t.name = name;
    t.shape = v.shape;
    t.kind = TensorKind::Activation;
    if (v.integer) t.fixed_bits = 32;
    return g_.add_tensor(t);
  }

  bool is_runtime(const Value* v) const {
    return v && !v->constant && !v->weight && v->tensor != kNone;
  }

  void process(int idx) {
    const onnx::NodeProto& n = graph().node(idx);
    const std::string& op = n.op_type();
    std::vector<const Value*> in;
    std::vector<std::string> in_names;
    for (const auto& name : n.input()) {
      in_names.push_back(name);
      in.push_back(name.empty() ? nullptr : &values_.at(name));
    }
    bool supported = has_shape_rule(op);
    if (!supported) return unsupported(idx, in);
    bool any_runtime = false, all_const = true;
    for (const Value* v : in) {
      if (!v) continue;
      any_runtime = any_runtime || is_runtime(v);
      all_const = all_const && v->constant;
    }
    // Shape and Size read only the (static) shape: compile-time values even on run-time data.
    if (op == "Shape" || op == "Size") any_runtime = false;
    std::vector<Value> outs;
    try {
      outs = apply_rule(n, in, all_const && can_fold(op));
    } catch (const InputError& e) {
      fail_node(idx, e.what());
    }
    if (!any_runtime) {
      // Compile-time work: shape arithmetic, constants, and transforms of weights (transpose,
      // cast, expand), which a compiler applies once ahead of time.
      const Value* w = nullptr;
      for (const Value* v : in)
        if (v && v->weight) w = v;
      for (size_t k = 0; k < outs.size() && k < static_cast<size_t>(n.output_size()); ++k) {
        Value o = outs[k];
        o.tensor = kNone;
        if (w && !o.constant) {
          o.weight = true;
          // Identity gives each layer its own copy (exporters deduplicate equal initial values;
          // a trained model's layers hold distinct weights); other transforms keep the storage.
          if (op == "Identity") {
            Tensor t = g_.tensor(w->tensor);
            t.name = n.output(static_cast<int>(k));
            o.tensor = g_.add_tensor(t);
          } else {
            o.tensor = w->tensor;
          }
        }
        if (!n.output(static_cast<int>(k)).empty()) values_[n.output(static_cast<int>(k))] = o;
      }
      return;
    }
    emit(idx, in, in_names, outs);
  }

  void unsupported(int idx, const std::vector<const Value*>& in) {
    const onnx::NodeProto& n = graph().node(idx);
    if (!opts_.skip_unsupported)
      fail_node(idx, "operator " + n.op_type() +
                         " is not supported (pass --unsupported=skip to skip it)");
    // Skipped: its outputs alias its first run-time input, with ONNX's inferred shapes.
    const Value* src = nullptr;
    for (const Value* v : in)
      if (is_runtime(v)) src = v;
    infer_with_onnx();
    for (const auto& o : n.output()) {
      auto it = onnx_shapes_.find(o);
      if (it == onnx_shapes_.end() || !src)
        fail_node(idx, "cannot skip " + n.op_type() + ": its output shape is unknown");
      Value v;
      v.shape = it->second;
      v.known = true;
      OpNode view;
      view.name = node_label(n, idx);
      view.kind = OpKind::View;
      view.type = n.op_type();
      view.inputs = {src->tensor};
      v.tensor = new_activation(o, v);
      view.outputs = {v.tensor};
      g_.add_op(view);
      values_[o] = v;
    }
    if (skipped_) skipped_->push_back(n.op_type() + " " + node_label(n, idx));
  }

  void infer_with_onnx() {
    if (inferred_) return;
    inferred_ = true;
    onnx::ModelProto copy = model_;
    try {
      onnx::shape_inference::InferShapes(copy);
    } catch (const std::exception&) {
      return;
    }
    for (const auto& vi : copy.graph().value_info()) {
      const auto& tt = vi.type().tensor_type();
      if (!tt.has_shape()) continue;
      std::vector<int64_t> s;
      bool ok = true;
      for (const auto& d : tt.shape().dim()) {
        if (!d.has_dim_value()) ok = false;
        s.push_back(d.dim_value());
      }
      if (ok) onnx_shapes_[vi.name()] = s;
    }
  }

  void emit(int idx, const std::vector<const Value*>& in, const std::vector<std::string>& in_names,
            std::vector<Value>& outs) {
    const onnx::NodeProto& n = graph().node(idx);
    const std::string& op = n.op_type();
    OpNode node;
    node.name = node_label(n, idx);
    node.type = op;
    auto operand = [&](size_t i) -> TensorId {
      Value& v = values_.at(in_names[i]);
      if (v.tensor == kNone) materialize(in_names[i], v);
      return v.tensor;
    };
    if (op == "Conv") {
      if (!is_runtime(in[0]) || is_runtime(in[1]))
        fail_node(idx, "Conv needs a run-time input and a constant weight");
      const auto& x = in[0]->shape;
      const auto& w = in[1]->shape;
      node.kind = OpKind::Conv;
      ConvAttrs& c = node.conv;
      c.n = x[0], c.c = x[1], c.h = x[2], c.w = x[3];
      c.k = w[0], c.r = w[2], c.s = w[3];
      auto strides = attr_ints(n, "strides"), dil = attr_ints(n, "dilations"),
           pads = attr_ints(n, "pads");
      if (!strides.empty()) c.stride_h = strides[0], c.stride_w = strides[1];
      if (!dil.empty()) c.dilation_h = dil[0], c.dilation_w = dil[1];
      if (!pads.empty())
        c.pad_top = pads[0], c.pad_left = pads[1], c.pad_bottom = pads[2], c.pad_right = pads[3];
      std::string auto_pad = attr_string(n, "auto_pad", "NOTSET");
      if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
        // Total padding that keeps ceil(in / stride) outputs, split as ONNX specifies.
        int64_t ph = std::max<int64_t>(
            0, (outs[0].shape[2] - 1) * c.stride_h + c.dilation_h * (c.r - 1) + 1 - c.h);
        int64_t pw = std::max<int64_t>(
            0, (outs[0].shape[3] - 1) * c.stride_w + c.dilation_w * (c.s - 1) + 1 - c.w);
        bool upper = auto_pad == "SAME_UPPER";
        c.pad_top = upper ? ph / 2 : ph - ph / 2, c.pad_bottom = ph - c.pad_top;
        c.pad_left = upper ? pw / 2 : pw - pw / 2, c.pad_right = pw - c.pad_left;
      }
      c.groups = attr_int(n, "group", 1);
      node.inputs = {operand(0), operand(1)};
      if (in.size() > 2 && in[2]) node.inputs.push_back(operand(2));
    } else if (op == "Gemm" || op == "MatMul") {
      emit_matmul(idx, node, in, outs[0], operand);
    } else if (op == "Gather" && in[0] && !is_runtime(in[0]) && is_runtime(in[1])) {
      node.kind = OpKind::Embedding;
      node.inputs = {operand(0), operand(1)};
    } else if (op == "MaxPool" || op == "AveragePool" || op == "GlobalAveragePool" ||
               op == "GlobalMaxPool") {
      node.kind = OpKind::Pool;
      int64_t window = 1;
      if (op.rfind("Global", 0) == 0) {
        for (size_t d = 2; d < in[0]->shape.size(); ++d) window *= in[0]->shape[d];
      } else {
        for (int64_t k : attr_ints(n, "kernel_shape")) window *= k;
      }
      node.pool.window = window;
      VectorOp each = op.find("Max") != std::string::npos ? VectorOp::Max : VectorOp::Add;
      node.work.add(each, static_cast<uint64_t>(window));
      if (each == VectorOp::Add) node.work.add(VectorOp::Mul);
      node.inputs = {operand(0)};
    } else if (is_elementwise(op)) {
      node.kind = OpKind::Elementwise;
      node.work = work_for(op, in, outs[0]);
      // Scalar constants become immediates; everything else is an operand tensor.
      for (size_t i = 0; i < in.size(); ++i) {
        if (!in[i] || (in[i]->constant && in[i]->elements() <= 1)) continue;
        node.inputs.push_back(operand(i));
      }
      // The run-time operand goes first (exporters put biases first: Add(bias, x)).
      std::stable_partition(node.inputs.begin(), node.inputs.end(),
                            [&](TensorId t) { return !is_stored_ahead(g_.tensor(t).kind); });
    } else if (is_view(op)) {
      node.kind = OpKind::View;
      // Run-time operands, plus weights joined into the result (a concatenated class token).
      for (size_t i = 0; i < in.size(); ++i)
        if (is_runtime(in[i]) || (in[i] && in[i]->weight)) node.inputs.push_back(operand(i));
    } else {
      fail_node(idx, "operator " + op + " is not supported on run-time data");
    }
    for (size_t k = 0; k < outs.size() && k < static_cast<size_t>(n.output_size()); ++k) {
      const std::string& oname = n.output(static_cast<int>(k));
      if (oname.empty()) continue;
      Value o = outs[k];
      o.constant = false;
      o.data.clear();
      o.weight = false;
      o.integer = o.integer || (op == "Shape");
      o.tensor = new_activation(oname, o);
      node.outputs.push_back(o.tensor);
      values_[oname] = o;
    }
    g_.add_op(node);
  }

  template <class Operand>
  void emit_matmul(int idx, OpNode& node, const std::vector<const Value*>& in, const Value& out,
                   Operand operand) {
    const onnx::NodeProto& n = graph().node(idx);
    node.kind = OpKind::MatMul;
    std::vector<int64_t> a = in[0]->shape, b = in[1]->shape;
    bool gemm = n.op_type() == "Gemm";
    if (gemm && attr_int(n, "transA", 0)) std::swap(a[0], a[1]);
    if (gemm && attr_int(n, "transB", 0)) std::swap(b[0], b[1]);
    if (a.size() == 1) a.insert(a.begin(), 1);
    if (b.size() == 1) b.push_back(1);
    bool a_run = is_runtime(in[0]), b_run = is_runtime(in[1]);
    MatMulAttrs& m = node.mm;
    int64_t out_elems = out.elements();
    if (a_run && !b_run && b.size() == 2) {
      // x @ W: one product of all rows of x with the weight.
      m.k = b[0], m.n = b[1], m.batch = 1, m.m = out_elems / std::max<int64_t>(1, m.n),
      m.b_is_weight = true;
      node.inputs = {operand(0), operand(1)};
    } else if (!a_run && b_run && a.size() == 2) {
      // W @ x computes (x^T W^T)^T: the same work with the weight as the stationary operand.
      m.k = a[1], m.n = a[0], m.batch = 1, m.m = out_elems / std::max<int64_t>(1, m.n),
      m.b_is_weight = true;
      node.inputs = {operand(1), operand(0)};
    } else {
      m.m = a[a.size() - 2], m.k = a.back(), m.n = b.back();
      m.batch = out_elems / std::max<int64_t>(1, m.m * m.n);
      m.b_is_weight = !b_run;
      node.inputs = {operand(0), operand(1)};
    }
    if (gemm && in.size() > 2 && in[2] && !(in[2]->constant && in[2]->elements() <= 1))
      node.inputs.push_back(operand(2));
  }

  std::string path_;
  OnnxImportOptions opts_;
  std::vector<std::string>* skipped_;
  onnx::ModelProto model_;
  std::map<std::string, Value> values_;
  std::set<std::string> used_shape_overrides_;
  Graph g_;
  bool inferred_ = false;
  std::map<std::string, std::vector<int64_t>> onnx_shapes_;
};

}  // namespace

Graph import_onnx(const std::string& path, const OnnxImportOptions& opts,
                  std::vector<std::string>* skipped) {
  Importer imp(path, opts, skipped);
  return imp.run();
}

}  // namespace tessera
