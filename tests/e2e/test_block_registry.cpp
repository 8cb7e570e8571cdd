// The block registry end to end: a test-only block (tests/blocks/fixed_latency_dram.cpp, built
// into tessera_test_blocks by one CMake line) works through the registry alone, and block types
// and their keys are checked with file, line and key.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

// `run --json` on the simulator with the test-only blocks.
nlohmann::json run_test_blocks(std::vector<std::string> args) {
  const std::string out = temp_dir("blocks");
  args.insert(args.begin(), "run");
  args.insert(args.end(), {"--out", out, "--json"});
  const Outcome r = run_binary(TESSERA_TEST_BLOCKS_BIN, args);
  EXPECT_EQ(r.status, 0) << r.err;
  return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

const std::vector<std::string> kGemm = {"--hw", source_path("configs/hw/edge-npu.yaml"), "--model",
                                        "gemm:M=256,N=256,K=512"};

TEST(TestBlock, RunsThroughTheRegistryAlone) {
  auto with = [](std::vector<std::string> a, const std::string& latency) {
    a.insert(a.end(), {"--set", "hardware.dram.type=fixed", "--set",
                       "hardware.dram.fixed_latency=" + latency});
    return a;
  };
  const auto fast = run_test_blocks(with(kGemm, "20ns"));
  const auto slow = run_test_blocks(with(kGemm, "5us"));
  ASSERT_TRUE(fast.contains("totals") && slow.contains("totals"));
  EXPECT_EQ(fast["run"]["dram_model"], "fixed");
  // Its traffic is accounted like any DRAM's, and its own key changes the answer.
  EXPECT_EQ(fast["totals"]["dram_write_bytes"], fast["layers"][0]["output_bytes"]);
  EXPECT_GT(fast["totals"]["dram_read_bytes"].get<uint64_t>(), 0u);
  EXPECT_GT(slow["totals"]["cycles"].get<uint64_t>(), fast["totals"]["cycles"].get<uint64_t>());
  EXPECT_EQ(fast["dram"].size(), 1u);  // its statistics group, dumped from the registry
}

TEST(TestBlock, DescribeListsItsTypeAndKeys) {
  const Outcome r = run_binary(TESSERA_TEST_BLOCKS_BIN, {"describe", "dram"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("types (hardware.dram.type, default simple)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fixed: test-only"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fixed_latency"), std::string::npos) << r.out;
  // The shipped simulator knows nothing of it.
  const Outcome plain = run_tessera({"describe", "dram"});
  EXPECT_EQ(plain.out.find("fixed_latency"), std::string::npos);
}

TEST(BlockRegistry, UnknownTypeNamesTheRegisteredOnes) {
  auto a = kGemm;
  a.insert(a.begin(), "run");
  a.insert(a.end(), {"--set", "hardware.dram.type=fixed"});
  const Outcome r = run_tessera(a);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("hardware.dram.type"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bank|simple"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(BlockRegistry, KeyOfAnotherTypeIsAnErrorWithFileAndLine) {
  const std::string dir = temp_dir("wrongtype");
  write_file(dir + "/chip.yaml",
             "include: " + source_path("configs/hw/edge-npu.yaml") +
                 "\nhardware:\n  dram:\n    type: simple\n    fixed_latency: 20ns\n");
  const Outcome r = run_binary(
      TESSERA_TEST_BLOCKS_BIN,
      {"run", "--hw", dir + "/chip.yaml", "--model", "gemm:M=64,N=64,K=64", "--out", dir + "/o"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("chip.yaml:5: hardware.dram.fixed_latency: belongs to dram type 'fixed'"),
            std::string::npos)
      << r.err;
  // Without the block, the same key is simply unknown.
  const Outcome plain = run_tessera(
      {"run", "--hw", dir + "/chip.yaml", "--model", "gemm:M=64,N=64,K=64", "--out", dir + "/p"});
  EXPECT_EQ(plain.status, 1);
  EXPECT_NE(plain.err.find("chip.yaml:5: hardware.dram.fixed_latency: unknown key"),
            std::string::npos)
      << plain.err;
}

}  // namespace
