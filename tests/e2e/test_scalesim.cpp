// compute_cycles of GEMMs through the whole tool equal SCALE-Sim v2's, for all three dataflows
// and any array shape (reference rows, then random layers and arrays).
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {
uint64_t scalesim_rule(const std::string& df, uint64_t R, uint64_t C, uint64_t M, uint64_t N,
                       uint64_t K) {
  auto cdiv = [](uint64_t a, uint64_t b) { return (a + b - 1) / b; };
  if (df == "os") return cdiv(M, R) * cdiv(N, C) * (K + R + C - 2) - 1;
  if (df == "ws") return cdiv(K, R) * cdiv(N, C) * (2 * R + C + M - 2) - 1;
  return cdiv(K, R) * cdiv(M, C) * (2 * R + C + N - 2) - 1;
}

uint64_t tessera_cycles(const std::string& df, uint64_t R, uint64_t C, uint64_t M, uint64_t N,
                        uint64_t K) {
  auto j = run_json(
      {source_path("tests/data/scalesim-array.yaml"), "--model",
       "gemm:M=" + std::to_string(M) + ",N=" + std::to_string(N) + ",K=" + std::to_string(K),
       "--set", "hardware.pe_array.rows=" + std::to_string(R), "--set",
       "hardware.pe_array.cols=" + std::to_string(C), "--set", "hardware.pe_array.dataflow=" + df});
  if (!j.contains("layers")) return 0;
  EXPECT_EQ(j["layers"][0]["dataflow"], df);
  return j["layers"][0]["compute_cycles"].get<uint64_t>();
}
}  // namespace

TEST(ScaleSim, ReferenceRows) {
  std::ifstream in(source_path("tests/data/scalesim_public.csv"));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::vector<std::string> f;
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    ASSERT_EQ(f.size(), 8u);
    EXPECT_EQ(tessera_cycles(f[1], std::stoull(f[2]), std::stoull(f[3]), std::stoull(f[4]),
                             std::stoull(f[5]), std::stoull(f[6])),
              std::stoull(f[7]))
        << line;
  }
}

TEST(ScaleSim, RandomLayersAndArrays) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 12; ++i) {
    uint64_t R = 4 + rng() % 125, C = 4 + rng() % 125;
    uint64_t M = 1 + rng() % 600, N = 1 + rng() % 600, K = 1 + rng() % 600;
    const char* df = i % 3 == 0 ? "os" : i % 3 == 1 ? "ws" : "is";
    EXPECT_EQ(tessera_cycles(df, R, C, M, N, K), scalesim_rule(df, R, C, M, N, K))
        << df << " R=" << R << " C=" << C << " M=" << M << " N=" << N << " K=" << K;
  }
}

TEST(ScaleSim, ConvolutionMapsToItsIm2colGemm) {
  // 56x56x64 -> 64, 3x3, pad 1: M = 56*56, K = 3*3*64, N = 64.
  auto j = run_json({source_path("tests/data/scalesim-array.yaml"), "--model",
                     "conv:N=1,H=56,W=56,C=64,K=64,R=3,S=3,stride=1,pad=1", "--set",
                     "hardware.pe_array.dataflow=ws"});
  ASSERT_TRUE(j.contains("layers"));
  EXPECT_EQ(j["layers"][0]["compute_cycles"].get<uint64_t>(),
            scalesim_rule("ws", 32, 32, 56 * 56, 64, 576));
}
