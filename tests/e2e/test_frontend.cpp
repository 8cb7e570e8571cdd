// The frontend through the whole tool: ONNX fixtures run, precision and sparsity change the
// results by exactly what the hardware figures say, training triples a GEMM network's MACs.
#include <gtest/gtest.h>

#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;

TEST(Frontend, EveryOnnxFixtureRunsEndToEnd) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(source_path("tests/data/onnx"))) {
    auto j = run_json({"--model", e.path().string()});
    ASSERT_TRUE(j.contains("totals")) << e.path();
    EXPECT_GT(j["totals"]["macs"].get<uint64_t>(), 0u) << e.path();
    ++n;
  }
  EXPECT_EQ(n, 6);
}

TEST(Frontend, Int8VersusBf16ByHand) {
  // GEMM 256^3 on 32x32 os: 64 folds. int8 packs 2 MACs per PE: T = 128 -> 64 * (128 + 62);
  // bf16: T = 256 -> 64 * (256 + 62). MAC energy 0.3 pJ vs 1.48 pJ (configs/tech/45nm.yaml).
  auto run = [](const char* p) {
    return run_json({source_path("tests/data/precision-array.yaml"), "--model",
                     "gemm:M=256,N=256,K=256", "--set", std::string("workload.precision=") + p});
  };
  auto i8 = run("int8"), bf = run("bf16");
  ASSERT_TRUE(i8.contains("layers") && bf.contains("layers"));
  EXPECT_EQ(i8["layers"][0]["compute_cycles"].get<uint64_t>(), 64u * (128 + 62));
  EXPECT_EQ(bf["layers"][0]["compute_cycles"].get<uint64_t>(), 64u * (256 + 62));
  EXPECT_EQ(i8["totals"]["dram_bytes"].get<uint64_t>(), 3u * 256 * 256);
  EXPECT_EQ(bf["totals"]["dram_bytes"].get<uint64_t>(), 2 * 3u * 256 * 256);
  auto pe_energy = [](const nlohmann::json& j) {
    for (const auto& b : j["energy"]["blocks"])
      if (b["block"] == "pe_array") return b["dynamic_j"].get<double>();
    return -1.0;
  };
  const double macs = 256.0 * 256 * 256;
  EXPECT_NEAR(pe_energy(i8), macs * 0.3e-12, 1e-18);
  EXPECT_NEAR(pe_energy(bf), macs * 1.48e-12, 1e-18);
  // Latency follows the compute cycles (memory never stalls this array).
  double ratio = bf["totals"]["cycles"].get<double>() / i8["totals"]["cycles"].get<double>();
  EXPECT_NEAR(ratio, 318.0 / 190.0, 0.02);
}

TEST(Frontend, TwoFourSparsityHalvesOnlyPrunedLayers) {
  auto j = run_json({source_path("tests/data/precision-array.yaml"), "--model", "resnet18", "--set",
                     "passes.pruning.structured=2:4", "--set", "passes.pruning.match=[layer4.*]"});
  ASSERT_TRUE(j.contains("layers"));
  int pruned = 0;
  for (const auto& l : j["layers"]) {
    if (l["macs"].get<uint64_t>() == 0) continue;
    std::string name = l["name"];
    if (name.rfind("layer4.", 0) == 0) {
      EXPECT_EQ(l["effective_macs"].get<uint64_t>(), l["macs"].get<uint64_t>() / 2) << name;
      ++pruned;
    } else {
      EXPECT_EQ(l["effective_macs"].get<uint64_t>(), l["macs"].get<uint64_t>()) << name;
    }
  }
  EXPECT_GT(pruned, 0);
}

TEST(Frontend, SparsityWithoutHardwareSupportSavesNothing) {
  auto dense = run_json({"--model", "resnet18"});
  auto j = run_json({"--model", "resnet18", "--set", "passes.pruning.sparsity=0.5"});
  EXPECT_EQ(j["totals"]["cycles"], dense["totals"]["cycles"]);
  bool noted = false;
  for (const auto& l : j["layers"])
    if (l.contains("note"))
      noted = noted || l["note"].get<std::string>().find("not exploited") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(Frontend, TrainingTriplesGemmMacs) {
  auto inf = run_json({"--model", "gemm:M=256,N=512,K=384"});
  auto train = run_json({"--model", "gemm:M=256,N=512,K=384", "--set", "workload.mode=training"});
  EXPECT_EQ(train["totals"]["macs"].get<uint64_t>(), 3 * inf["totals"]["macs"].get<uint64_t>());
  EXPECT_EQ(train["run"]["mode"], "training");
  auto adam = run_json({"--model", "resnet18", "--set", "workload.mode=training", "--set",
                        "passes.training.optimizer=adam", "--set", "workload.precision=int8"});
  EXPECT_GT(adam["totals"]["cycles"].get<uint64_t>(), 0u);
}

TEST(Frontend, GraphCommandPrintsTableAndDot) {
  std::string dot = temp_dir("dot") + "/g.dot";
  Outcome r = run_tessera({"graph", source_path("tests/data/onnx/resnet18.onnx"), "--dot", dot});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* s : {"operator", "MACs", "weight B", "totals:", "1814073344 MACs", "int8"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  EXPECT_NE(read_file(dot).find("digraph"), std::string::npos);
}

TEST(Frontend, InputShapeAndUnsupportedOptions) {
  auto j = run_json({"--model", source_path("tests/data/onnx/resnet18.onnx"), "--input-shape",
                     "input=2x3x224x224"});
  EXPECT_EQ(j["totals"]["macs"].get<uint64_t>(), 2u * 1814073344u);
  Outcome bad = run_tessera({"run", "--model", source_path("tests/data/onnx/resnet18.onnx"),
                             "--input-shape", "input=2x3"});
  EXPECT_EQ(bad.status, 1);
  Outcome bad2 = run_tessera({"run", "--unsupported", "ignore"});
  EXPECT_NE(bad2.status, 0);
}

TEST(Frontend, FusedAttentionKeepsScoresOnChip) {
  auto plain = run_json({"--hw", source_path("configs/hw/cloud-npu.yaml"), "--model", "bert_base"});
  auto fused = run_json({"--hw", source_path("configs/hw/cloud-npu.yaml"), "--model", "bert_base",
                         "--set", "hardware.fused_attention=true"});
  EXPECT_EQ(plain["totals"]["macs"], fused["totals"]["macs"]);
  EXPECT_LT(fused["totals"]["dram_bytes"].get<uint64_t>(),
            plain["totals"]["dram_bytes"].get<uint64_t>());
}
