// Every file in configs/ loads, and every hardware config runs a model end to end.
#include <gtest/gtest.h>

#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;

TEST(ShippedConfigs, EveryRunAndHardwareFileValidates) {
  int n = 0;
  for (const char* dir : {"configs/hw", "configs/runs", "configs/clusters"}) {
    for (const auto& e : std::filesystem::directory_iterator(source_path(dir))) {
      if (e.path().extension() != ".yaml") continue;
      Outcome r = run_tessera({"validate", e.path().string()});
      EXPECT_EQ(r.status, 0) << e.path() << ": " << r.err;
      ++n;
    }
  }
  EXPECT_GE(n, 3);
}

TEST(ShippedConfigs, EveryHardwareFileRunsBert) {
  for (const auto& e : std::filesystem::directory_iterator(source_path("configs/hw"))) {
    if (e.path().extension() != ".yaml") continue;
    auto j = run_json(
        {"--hw", e.path().string(), "--model", "bert_base", "--set", "workload.seq_len=64"});
    EXPECT_GT(j["totals"]["cycles"].get<uint64_t>(), 0u) << e.path();
  }
}

TEST(ShippedConfigs, ArrayShapeAndDataflowPathsWork) {
  for (const auto& e : std::filesystem::directory_iterator(source_path("configs/hw"))) {
    if (e.path().extension() != ".yaml") continue;
    for (const char* df : {"os", "ws", "is"}) {
      auto j = run_json({"--hw", e.path().string(), "--model", "gemm:M=128,N=128,K=128", "--set",
                         "hardware.pe_array.rows=16", "--set", "hardware.pe_array.cols=8", "--set",
                         std::string("hardware.pe_array.dataflow=") + df});
      ASSERT_TRUE(j.contains("layers")) << e.path();
      EXPECT_EQ(j["layers"][0]["dataflow"], df) << e.path();
    }
  }
}
