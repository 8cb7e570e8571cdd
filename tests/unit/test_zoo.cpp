// Zoo models count the published MACs and parameters (torchvision / Hugging Face figures).
#include <gtest/gtest.h>

#include "compiler_frontend/graph/vector_recipes.h"
#include "compiler_frontend/workload.h"
#include "compiler_frontend/zoo/zoo.h"
#include "models/spec/errors.h"

using namespace tessera;

namespace {
Graph build(const std::string& name, int64_t batch = 1, int64_t seq = 128) {
  ZooParams p;
  p.batch = batch;
  p.seq_len = seq;
  return find_zoo_model(name)->build(p);
}
}  // namespace

TEST(Zoo, PublishedMacs) {
  // Within 0.5% of the published figure; the exact counts are pinned below.
  struct Case {
    const char* name;
    double gmacs;
  } cases[] = {{"resnet18", 1.814}, {"resnet50", 4.09},  {"mobilenet_v2", 0.301},
               {"vgg16", 15.47},    {"vit_b_16", 17.56}, {"bert_base", 11.17}};
  for (const auto& c : cases) {
    double g = static_cast<double>(build(c.name).total_macs()) / 1e9;
    EXPECT_NEAR(g, c.gmacs, c.gmacs * 0.005) << c.name;
  }
}

TEST(Zoo, ExactCounts) {
  EXPECT_EQ(build("resnet50").total_macs(), 4089184256u);
  EXPECT_EQ(build("resnet18").total_macs(), 1814073344u);
  EXPECT_EQ(build("mobilenet_v2").total_macs(), 300774272u);
  EXPECT_EQ(build("vgg16").total_macs(), 15470264320u);
  EXPECT_EQ(build("vit_b_16").total_macs(), 17563828224u);
}

TEST(Zoo, PublishedParameters) {
  EXPECT_EQ(build("resnet18").weight_elements(), 11689512u);
  EXPECT_EQ(build("resnet50").weight_elements(), 25557032u);
  EXPECT_EQ(build("mobilenet_v2").weight_elements(), 3504872u);
  EXPECT_EQ(build("vgg16").weight_elements(), 138357544u);
  EXPECT_EQ(build("vit_b_16").weight_elements(), 86567656u);
  EXPECT_EQ(build("bert_base").weight_elements(), 109482240u);   // Hugging Face BertModel
  EXPECT_EQ(build("gpt2_small").weight_elements(), 124439808u);  // GPT2LMHeadModel, tied head
}

TEST(Zoo, TransformerMacsFollowTheFormula) {
  // Per layer: S * (4 d^2 + 2 d f) + 2 S^2 d, for BERT-base (d 768, f 3072) plus the pooler.
  for (int64_t s : {64, 128, 512}) {
    uint64_t d = 768, f = 3072, S = static_cast<uint64_t>(s);
    uint64_t expected = 12 * (S * (4 * d * d + 2 * d * f) + 2 * S * S * d) + d * d;
    EXPECT_EQ(build("bert_base", 1, s).total_macs(), expected) << s;
  }
  // GPT-2: S * (12 d^2) + 2 S^2 d per layer plus the LM head S * d * 50257.
  uint64_t S = 256, d = 768;
  EXPECT_EQ(build("gpt2_small", 1, 256).total_macs(),
            12 * (S * 12 * d * d + 2 * S * S * d) + S * d * 50257);
}

TEST(Zoo, BatchScalesMacs) {
  EXPECT_EQ(build("resnet50", 8).total_macs(), 8 * build("resnet50").total_macs());
  EXPECT_EQ(build("bert_base", 4).total_macs(), 4 * build("bert_base").total_macs());
}

TEST(Zoo, GraphsAreAcyclicAndConnected) {
  for (const auto& m : model_zoo()) {
    Graph g = build(m.name);
    auto order = g.topological_order();
    EXPECT_EQ(order.size(), g.num_ops()) << m.name;
  }
}

TEST(Zoo, SequenceLengthIsChecked) {
  EXPECT_THROW(build("bert_base", 1, 513), InputError);
  EXPECT_THROW(build("gpt2_small", 1, 2048), InputError);
}

TEST(SingleLayer, GemmAndConvSpecs) {
  ZooParams p;
  WorkloadRequest r;
  r.params = p;
  r.model = "gemm:M=512,N=768,K=3072";
  EXPECT_EQ(load_workload(r).total_macs(), 512ull * 768 * 3072);
  r.model = "conv:N=1,H=56,W=56,C=64,K=64,R=3,S=3,stride=1,pad=1,groups=1";
  EXPECT_EQ(load_workload(r).total_macs(), 56ull * 56 * 64 * 64 * 9);
  r.model = "conv:H=56,W=56,C=64,K=64,R=3,stride=2,pad=1,groups=64";
  EXPECT_EQ(load_workload(r).total_macs(), 28ull * 28 * 64 * 9);
}

TEST(SingleLayer, MalformedSpecsAreErrors) {
  WorkloadRequest r;
  for (const char* bad : {"gemm:M=1,N=2", "gemm:M=1,N=2,K=x", "gemm:M=0,N=2,K=3",
                          "gemm:M=1,N=2,K=3,Q=4", "conv:H=4,W=4,C=3,K=8,R=7",
                          "conv:H=8,W=8,C=3,K=8,R=3,groups=2", "gemm:", "gemm:M", "nosuchmodel"}) {
    r.model = bad;
    EXPECT_THROW(load_workload(r), InputError) << bad;
  }
}

// Every element-wise layer of a zoo model costs what the one recipe table says for its type (the
// ONNX importer and pattern recognition read the same table), and a type the table does not know
// is an error, never a silent one-cycle copy.
TEST(VectorRecipes, ZooLayersUseTheTable) {
  size_t checked = 0;
  for (const char* name : {"resnet50", "bert_base", "gpt2_small", "mobilenet_v2", "vit_b_16"}) {
    const Graph g = build(name);
    for (const OpNode& op : g.ops()) {
      const VectorWork* w = vector_recipe(op.type);
      if (!w || op.work.total_ops() == 0) continue;
      EXPECT_EQ(op.work.ops_per_element, w->ops_per_element)
          << name << " " << op.name << " " << op.type;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
  EXPECT_EQ(recipe_of("Gelu").total_ops(), 5u);
  EXPECT_EQ(vector_recipe("Conv"), nullptr);
  EXPECT_THROW(recipe_of("Conv"), std::logic_error);
}
