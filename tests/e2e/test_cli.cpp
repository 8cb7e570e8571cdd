// The command line end to end: default run, --json fields, --set, outputs, determinism.
#include <gtest/gtest.h>

#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;

TEST(Cli, DefaultRunPrintsSummary) {
  std::string out = temp_dir("default");
  Outcome r = run_tessera({"run", "--out", out});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* s : {"resnet50", "edge-npu", "latency", "cycles", "ms", "inferences/s",
                        "per inference", "PE utilization", "most expensive layers"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  for (const char* f : {"report.json", "layers.csv", "config.yaml"})
    EXPECT_TRUE(std::filesystem::exists(out + "/" + f)) << f;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, JsonHasStableFields) {
  auto j = run_json({"--model", "resnet18"});
  ASSERT_TRUE(j.contains("totals"));
  for (const char* k : {"cycles", "latency_s", "energy_j", "macs", "dram_bytes"})
    EXPECT_TRUE(j["totals"].contains(k)) << k;
  EXPECT_EQ(j["schema"], "tessera.report/1");
  ASSERT_TRUE(j["layers"].is_array());
  ASSERT_GT(j["layers"].size(), 10u);
  for (const auto& l : j["layers"])
    for (const char* k : {"name", "op", "macs", "compute_cycles", "cycles", "dataflow"})
      EXPECT_TRUE(l.contains(k)) << k;
  EXPECT_EQ(j["totals"]["macs"], 1814073344u);
}

TEST(Cli, SetChangesTheArray) {
  auto a =
      run_json({"--model", "gemm:M=256,N=256,K=256", "--set", "hardware.pe_array.rows=16", "--set",
                "hardware.pe_array.cols=16", "--set", "hardware.pe_array.dataflow=os"});
  auto b =
      run_json({"--model", "gemm:M=256,N=256,K=256", "--set", "hardware.pe_array.rows=64", "--set",
                "hardware.pe_array.cols=64", "--set", "hardware.pe_array.dataflow=os"});
  EXPECT_EQ(a["layers"][0]["dataflow"], "os");
  EXPECT_GT(a["layers"][0]["compute_cycles"].get<uint64_t>(),
            4 * b["layers"][0]["compute_cycles"].get<uint64_t>() / 2);
  EXPECT_GT(a["totals"]["cycles"].get<uint64_t>(), b["totals"]["cycles"].get<uint64_t>());
}

TEST(Cli, BatchScalesWork) {
  auto a = run_json({"--model", "resnet18", "--batch", "2"});
  EXPECT_EQ(a["totals"]["macs"], 2u * 1814073344u);
  EXPECT_EQ(a["run"]["batch"], 2);
}

TEST(Cli, ReportsAreByteIdentical) {
  std::string a = temp_dir("det-a"), b = temp_dir("det-b");
  ASSERT_EQ(run_tessera({"run", "--model", "mobilenet_v2", "--out", a}).status, 0);
  ASSERT_EQ(run_tessera({"run", "--model", "mobilenet_v2", "--out", b}).status, 0);
  for (const char* f : {"report.json", "layers.csv", "config.yaml"})
    EXPECT_EQ(read_file(a + "/" + f), read_file(b + "/" + f)) << f;
}

TEST(Cli, ResolvedConfigReproducesTheRun) {
  std::string a = temp_dir("resolved-a"), b = temp_dir("resolved-b");
  ASSERT_EQ(
      run_tessera({"run", "--model", "resnet18", "--set", "hardware.pe_array.rows=16", "--out", a})
          .status,
      0);
  Outcome r = run_tessera({"run", a + "/config.yaml", "--out", b});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file(a + "/report.json"), read_file(b + "/report.json"));
}

TEST(Cli, ModelsListsTheZoo) {
  Outcome r = run_tessera({"models"});
  ASSERT_EQ(r.status, 0);
  for (const char* m :
       {"resnet18", "resnet50", "mobilenet_v2", "vgg16", "bert_base", "gpt2_small", "vit_b_16"})
    EXPECT_NE(r.out.find(m), std::string::npos) << m;
  EXPECT_NE(r.out.find("4,089,184,256"), std::string::npos);
}

TEST(Cli, DescribePrintsKeys) {
  Outcome r = run_tessera({"describe", "dram"});
  ASSERT_EQ(r.status, 0);
  for (const char* k : {"bandwidth", "latency", "queue_depth", "channels", "default"})
    EXPECT_NE(r.out.find(k), std::string::npos) << k;
  Outcome all = run_tessera({"describe"});
  EXPECT_EQ(all.status, 0);
  EXPECT_NE(all.out.find("hardware.pe_array.rows"), std::string::npos);
  Outcome bad = run_tessera({"describe", "flux"});
  EXPECT_EQ(bad.status, 1);
}

TEST(Cli, ValidateChecksWithoutSimulating) {
  Outcome r = run_tessera({"validate", source_path("configs/runs/default.yaml")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ok:"), std::string::npos);
}

TEST(Cli, DramBytesAtLeastWeightsInputsOutputs) {
  for (const char* m : {"resnet50", "mobilenet_v2", "bert_base"}) {
    auto j = run_json({"--model", m});
    uint64_t dram = j["totals"]["dram_bytes"], weights = j["totals"]["weight_bytes"];
    EXPECT_GE(dram, j["totals"]["min_dram_bytes"].get<uint64_t>()) << m;
    EXPECT_GE(dram, weights) << m;
    for (const auto& l : j["layers"])
      EXPECT_GE(l["dram_bytes"].get<uint64_t>(), l["min_dram_bytes"].get<uint64_t>()) << l["name"];
  }
}

TEST(Cli, EnergyBreakdownSumsToTotal) {
  auto j = run_json({"--model", "resnet18"});
  double sum = 0;
  for (const auto& b : j["energy"]["blocks"])
    sum += b["dynamic_j"].get<double>() + b["leakage_j"].get<double>();
  EXPECT_NEAR(sum, j["totals"]["energy_j"].get<double>(), 1e-15);
  double layers = 0;
  for (const auto& l : j["layers"]) layers += l["dynamic_energy_j"].get<double>();
  EXPECT_NEAR(layers, j["totals"]["dynamic_energy_j"].get<double>(), 1e-9 * layers);
}
