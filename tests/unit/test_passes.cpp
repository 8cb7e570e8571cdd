// Passes: quantization, pruning and training change exactly what they should.
#include <gtest/gtest.h>

#include "compiler_frontend/passes/passes.h"
#include "compiler_frontend/workload.h"

using namespace tessera;

namespace {
Graph model(const std::string& name) {
  WorkloadRequest r;
  r.model = name;
  return load_workload(r);
}
uint64_t activation_bytes(const Graph& g) {
  uint64_t b = 0;
  for (const auto& t : g.tensors())
    if (t.kind == TensorKind::Activation) b += t.bytes();
  return b;
}
}  // namespace

TEST(Quantize, Int8HalvesBf16Bytes) {
  Graph g = model("resnet18");
  Graph a = set_precision(g, Precision::BF16, nullptr),
        b = set_precision(g, Precision::INT8, nullptr);
  EXPECT_EQ(a.weight_bytes(), 2 * b.weight_bytes());
  EXPECT_EQ(activation_bytes(a), 2 * activation_bytes(b));
}

TEST(Quantize, RulesByLayerNameAndClass) {
  QuantOptions o;
  o.weights = o.activations = Precision::INT8;
  QuantRule fc;
  fc.match = "fc";
  fc.weights = Precision::INT4;
  QuantRule convs;
  convs.op = "conv";
  convs.match = "layer4.*";
  convs.weights = convs.activations = Precision::BF16;
  o.rules = {fc, convs};
  Graph g = quantize(model("resnet18"), o, nullptr);
  for (const auto& op : g.ops()) {
    if (op.name == "fc") {
      EXPECT_EQ(g.tensor(op.inputs[1]).dtype, Precision::INT4);
      EXPECT_EQ(op.precision, Precision::INT8);  // W4A8 runs at the wider precision
    } else if (op.kind == OpKind::Conv && op.name.rfind("layer4.", 0) == 0) {
      EXPECT_EQ(op.precision, Precision::BF16);
    } else if (op.kind == OpKind::Conv) {
      EXPECT_EQ(op.precision, Precision::INT8);
    }
  }
}

TEST(Prune, TwoFourCompressesOnlyWithHardwareSupport) {
  Graph g = set_precision(model("resnet18"), Precision::INT8, nullptr);
  PruneOptions o;
  o.two_four = true;
  o.match = {"layer4.*"};
  Graph dense = prune(g, o, nullptr);
  EXPECT_EQ(dense.weight_bytes(), g.weight_bytes());  // no support: stored dense
  o.hw_structured = true;
  Graph sparse = prune(g, o, nullptr);
  uint64_t layer4 = 0;
  for (const auto& op : g.ops())
    if (op.kind == OpKind::Conv && op.name.rfind("layer4.", 0) == 0)
      layer4 += g.tensor(op.inputs[1]).bytes();
  // Half the values plus one metadata bit per element: 8 bits -> 4 + 1 bits.
  EXPECT_EQ(sparse.weight_bytes(), g.weight_bytes() - layer4 + layer4 * 5 / 8);
  for (const auto& op : sparse.ops())
    EXPECT_EQ(op.sparse_2_4, op.kind == OpKind::Conv && op.name.rfind("layer4.", 0) == 0)
        << op.name;
}

TEST(Training, GemmNetworkIsThreeTimesInference) {
  for (const char* m : {"gemm:M=128,N=256,K=512", "bert_base"}) {
    Graph g = model(m);
    Graph t = expand_training(g, TrainingOptions{}, nullptr);
    EXPECT_EQ(t.total_macs(), 3 * g.total_macs()) << m;
  }
}

TEST(Training, ConvNetworkWithoutInputGradient) {
  Graph g = model("resnet18");
  TrainingOptions o;
  o.input_gradients = false;
  Graph t = expand_training(g, o, nullptr);
  // Every layer has dW; every layer but the stem has dX.
  uint64_t stem = 0;
  for (const auto& op : g.ops())
    if (op.name == "stem.conv") stem = op.macs();
  EXPECT_EQ(t.total_macs(), 3 * g.total_macs() - stem);
}

TEST(Training, AdamKeepsTwoFp32MomentsPerWeight) {
  Graph g = set_precision(model("gemm:M=64,N=64,K=64"), Precision::BF16, nullptr);
  TrainingOptions o;
  o.optimizer = Optimizer::Adam;
  Graph t = expand_training(g, o, nullptr);
  uint64_t state = 0;
  for (const auto& ten : t.tensors())
    if (ten.kind == TensorKind::OptimizerState) state += ten.bytes();
  EXPECT_EQ(state, 2u * 64 * 64 * 4);
  int optimizers = 0;
  for (const auto& op : t.ops()) optimizers += op.kind == OpKind::Optimizer;
  EXPECT_EQ(optimizers, 1);
}

TEST(AttentionFusion, FusesEveryBlockOfBert) {
  Graph g =
      recognize_patterns(set_precision(model("bert_base"), Precision::BF16, nullptr), nullptr);
  PassRecord rec;
  Graph f = fuse_attention(g, &rec);
  int att = 0;
  for (const auto& op : f.ops()) att += op.kind == OpKind::Attention;
  EXPECT_EQ(att, 12);
  EXPECT_EQ(f.total_macs(), g.total_macs());
}

TEST(Patterns, RecognisesGeluChains) {
  PassRecord rec;
  Graph g = recognize_patterns(model("bert_base"), &rec);
  EXPECT_EQ(rec.summary, "0 GELU chains recognised");  // the zoo already uses Gelu operators
}
