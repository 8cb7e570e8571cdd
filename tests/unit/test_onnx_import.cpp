// ONNX import: every fixture imports with static shapes; MACs equal an independent count from
// ONNX's own shape inference; zoo models and their exports agree; bad files are clean errors.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "compiler_frontend/onnx/onnx_importer.h"
#include "compiler_frontend/passes/passes.h"
#include "compiler_frontend/workload.h"
#include "models/spec/errors.h"

using namespace tessera;

namespace {

std::string fixture(const std::string& name) {
  return std::string(TESSERA_SOURCE_DIR) + "/tests/data/onnx/" + name;
}

std::vector<std::string> all_fixtures() {
  std::vector<std::string> v;
  for (const char* f :
       {"resnet18", "resnet50", "mobilenet_v2", "vit_b_16", "bert_base", "gpt2_small"})
    v.push_back(fixture(std::string(f) + ".onnx"));
  for (const char* f : {"resnet18", "mobilenet_v2", "bert_base_encoder"}) {
    std::string p = std::string(TESSERA_SOURCE_DIR) + "/../shared/refdata/onnx/" + f + ".onnx";
    if (std::filesystem::exists(p)) v.push_back(p);
  }
  return v;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string write_tmp(const std::string& name, const std::string& bytes) {
  auto p = std::filesystem::temp_directory_path() / ("tessera-onnx-" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

// Independent MAC count: ONNX's own shape inference (with data propagation), then
// Conv: N*K*E*F*(C/g)*R*S, Gemm: M*N*K, MatMul: batch*M*N*K from the inferred shapes.
uint64_t reference_macs(const std::string& path) {
  onnx::ModelProto m;
  std::string bytes = read_bytes(path);
  EXPECT_TRUE(m.ParseFromString(bytes));
  onnx::ShapeInferenceOptions opts{false, 0, true};
  onnx::shape_inference::InferShapes(m, onnx::OpSchemaRegistry::Instance(), opts);
  std::map<std::string, std::vector<int64_t>> shapes;
  auto record = [&](const onnx::ValueInfoProto& vi) {
    std::vector<int64_t> s;
    for (const auto& d : vi.type().tensor_type().shape().dim())
      s.push_back(d.has_dim_value() ? d.dim_value() : -1);
    shapes[vi.name()] = s;
  };
  for (const auto& vi : m.graph().input()) record(vi);
  for (const auto& vi : m.graph().value_info()) record(vi);
  for (const auto& vi : m.graph().output()) record(vi);
  for (const auto& t : m.graph().initializer())
    shapes[t.name()] = std::vector<int64_t>(t.dims().begin(), t.dims().end());
  auto prod = [](const std::vector<int64_t>& s, size_t from, size_t to) {
    uint64_t p = 1;
    for (size_t i = from; i < to; ++i) {
      EXPECT_GT(s[i], 0) << "shape inference left a dimension unknown";
      p *= static_cast<uint64_t>(s[i]);
    }
    return p;
  };
  uint64_t macs = 0;
  for (const auto& n : m.graph().node()) {
    if (n.op_type() == "Conv") {
      const auto& w = shapes.at(n.input(1));
      const auto& y = shapes.at(n.output(0));
      macs += prod(y, 0, y.size()) * prod(w, 1, w.size());  // each output: C/g * R * S MACs
    } else if (n.op_type() == "Gemm" || n.op_type() == "MatMul") {
      const auto& a = shapes.at(n.input(0));
      const auto& y = shapes.at(n.output(0));
      int64_t k = a.back();
      if (n.op_type() == "Gemm")
        for (const auto& at : n.attribute())
          if (at.name() == "transA" && at.i()) k = a[0];
      macs += prod(y, 0, y.size()) * static_cast<uint64_t>(k);
    }
  }
  return macs;
}

Graph import(const std::string& path, OnnxImportOptions o = {}) {
  return import_onnx(path, o, nullptr);
}

Graph after_passes(Graph g) {
  g = quantize(g, QuantOptions{}, nullptr);
  g = recognize_patterns(g, nullptr);
  return fuse_operators(g, nullptr);
}

std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

}  // namespace

TEST(OnnxImport, MacsMatchAnIndependentCount) {
  for (const auto& f : all_fixtures()) {
    Graph g = import(f);
    EXPECT_EQ(g.total_macs(), reference_macs(f)) << f;
  }
}

TEST(OnnxImport, HandCountedMacs) {
  EXPECT_EQ(import(fixture("resnet18.onnx")).total_macs(), 1814073344u);     // 1.814 GMACs
  EXPECT_EQ(import(fixture("mobilenet_v2.onnx")).total_macs(), 300774272u);  // 0.301 GMACs
}

TEST(OnnxImport, EveryComputeOperatorHasStaticShapes) {
  for (const auto& f : all_fixtures()) {
    Graph g = import(f);
    for (const auto& op : g.ops()) {
      for (TensorId t : op.outputs)
        for (int64_t d : g.tensor(t).shape) ASSERT_GT(d, 0) << f << " " << op.name;
      if (op.kind == OpKind::MatMul)
        ASSERT_GT(op.mm.m * op.mm.n * op.mm.k * op.mm.batch, 0) << op.name;
    }
    EXPECT_EQ(g.topological_order().size(), g.num_ops());
  }
}

TEST(OnnxImport, ZooParity) {
  for (const char* name :
       {"resnet18", "resnet50", "mobilenet_v2", "vit_b_16", "bert_base", "gpt2_small"}) {
    WorkloadRequest r;
    r.model = name;
    Graph zoo = after_passes(load_workload(r));
    Graph onnx = after_passes(import(fixture(std::string(name) + ".onnx")));
    EXPECT_EQ(zoo.total_macs(), onnx.total_macs()) << name;
    EXPECT_EQ(zoo.weight_bytes(), onnx.weight_bytes()) << name;
  }
}

TEST(OnnxImport, WeightsAsInputsAndBatchOverride) {
  OnnxImportOptions o;
  o.input_shapes["input"] = {4, 3, 224, 224};
  Graph g = import(fixture("resnet18.onnx"), o);
  EXPECT_EQ(g.total_macs(), 4ull * 1814073344u);
  EXPECT_GT(g.weight_bytes(), 11000000u);  // parameters came in as graph inputs
}

TEST(OnnxImport, TruncatedAndRandomFilesAreErrors) {
  std::mt19937_64 rng(5);
  for (const auto& f : all_fixtures()) {
    std::string bytes = read_bytes(f);
    for (int i = 0; i < 12; ++i) {
      size_t cut = rng() % bytes.size();
      std::string path = write_tmp("cut.onnx", bytes.substr(0, cut));
      try {
        import(path);  // a prefix that parses must still give a consistent graph or an error
      } catch (const InputError&) {
      }
    }
    // Random byte flips.
    for (int i = 0; i < 12; ++i) {
      std::string mutated = bytes;
      for (int k = 0; k < 8; ++k) mutated[rng() % mutated.size()] = static_cast<char>(rng());
      try {
        import(write_tmp("flip.onnx", mutated));
      } catch (const InputError&) {
      }
    }
  }
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>(rng());
  EXPECT_NE(input_error([&] { import(write_tmp("noise.onnx", noise)); }).find("noise.onnx"),
            std::string::npos);
  EXPECT_NE(input_error([&] { import(write_tmp("empty.onnx", "")); }).find("empty"),
            std::string::npos);
  EXPECT_NE(input_error([&] { import("/nonexistent/model.onnx"); }).find("cannot open"),
            std::string::npos);
  std::string yaml = write_tmp("text.onnx", "hardware:\n  name: x\n");
  EXPECT_NE(input_error([&] { import(yaml); }).find("not an ONNX model"), std::string::npos);
}

namespace {
// A tiny model: input -> Relu -> <op> -> output.
std::string tiny_model(const std::string& op, bool dynamic_dim, bool cycle = false) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(17);
  auto* g = m.mutable_graph();
  g->set_name("tiny");
  auto* in = g->add_input();
  in->set_name("x");
  auto* tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  auto* d0 = tt->mutable_shape()->add_dim();
  d0->set_dim_value(1);
  auto* d1 = tt->mutable_shape()->add_dim();
  if (dynamic_dim)
    d1->set_dim_param("features");
  else
    d1->set_dim_value(16);
  auto* relu = g->add_node();
  relu->set_op_type("Relu");
  relu->set_name("relu");
  relu->add_input(cycle ? "y" : "x");
  relu->add_output("r");
  auto* other = g->add_node();
  other->set_op_type(op);
  other->set_name("my_node");
  other->add_input("r");
  other->add_output("y");
  return m.SerializeAsString();
}
}  // namespace

TEST(OnnxImport, UnknownOperatorNamesTypeNodeAndFile) {
  std::string path = write_tmp("unknown_op.onnx", tiny_model("FooBar", false));
  std::string msg = input_error([&] { import(path); });
  EXPECT_NE(msg.find("FooBar"), std::string::npos) << msg;
  EXPECT_NE(msg.find("my_node"), std::string::npos) << msg;
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("--unsupported=skip"), std::string::npos) << msg;
}

TEST(OnnxImport, SkipUnsupportedListsWhatWasSkipped) {
  std::string path = write_tmp("skip_op.onnx", tiny_model("Softsign", false));
  OnnxImportOptions o;
  o.skip_unsupported = true;
  std::vector<std::string> skipped;
  Graph g = import_onnx(path, o, &skipped);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("Softsign my_node"), std::string::npos);
  EXPECT_EQ(g.num_ops(), 2u);
}

TEST(OnnxImport, UnresolvableDynamicShapeAsksForInputShape) {
  std::string path = write_tmp("dynamic.onnx", tiny_model("Relu", true));
  std::string msg = input_error([&] { import(path); });
  EXPECT_NE(msg.find("--input-shape x="), std::string::npos) << msg;
  OnnxImportOptions o;
  o.input_shapes["x"] = {1, 32};
  EXPECT_EQ(import(path, o).tensor(0).elements(), 32u);
  o.input_shapes["nope"] = {1};
  EXPECT_NE(input_error([&] { import(path, o); }).find("'nope'"), std::string::npos);
}

TEST(OnnxImport, CycleIsNamed) {
  std::string path = write_tmp("cycle.onnx", tiny_model("Relu", false, true));
  std::string msg = input_error([&] { import(path); });
  EXPECT_NE(msg.find("cycle"), std::string::npos) << msg;
  EXPECT_NE(msg.find("relu"), std::string::npos) << msg;
}

TEST(InputShape, Parsing) {
  auto p = parse_input_shape("input=1x3x224x224");
  EXPECT_EQ(p.first, "input");
  EXPECT_EQ(p.second, (std::vector<int64_t>{1, 3, 224, 224}));
  for (const char* bad : {"input", "=1x2", "input=", "input=1xx2", "input=0x3", "input=ax3"})
    EXPECT_THROW(parse_input_shape(bad), InputError) << bad;
}
