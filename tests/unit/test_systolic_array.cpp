// PE-array timing against SCALE-Sim v2's rule (../shared/refdata/scalesim_public.md) and its
// published reference rows.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "models/pe_array/pe_array_timing.h"

using namespace tessera;

namespace {

// SCALE-Sim's rule, written out independently of the timing core.
uint64_t scalesim_cycles(const std::string& df, uint64_t R, uint64_t C, uint64_t M, uint64_t N,
                         uint64_t K) {
  auto cdiv = [](uint64_t a, uint64_t b) { return (a + b - 1) / b; };
  uint64_t sr, sc, t, per_fold;
  if (df == "os") {
    sr = M, sc = N, t = K;
    per_fold = t + R + C - 2;
  } else if (df == "ws") {
    sr = K, sc = N, t = M;
    per_fold = 2 * R + C + t - 2;
  } else {
    sr = K, sc = M, t = N;
    per_fold = 2 * R + C + t - 2;
  }
  return cdiv(sr, R) * cdiv(sc, C) * per_fold - 1;
}

Dataflow df_of(const std::string& s) {
  return s == "os" ? Dataflow::OS : s == "ws" ? Dataflow::WS : Dataflow::IS;
}

}  // namespace

TEST(SystolicArray, MatchesScaleSimReferenceRows) {
  std::ifstream in(std::string(TESSERA_SOURCE_DIR) + "/tests/data/scalesim_public.csv");
  ASSERT_TRUE(in) << "tests/data/scalesim_public.csv missing";
  std::string line;
  std::getline(in, line);  // header
  int rows = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string tool, df, r, c, m, n, k, cycles;
    std::getline(ss, tool, ',');
    std::getline(ss, df, ',');
    std::getline(ss, r, ',');
    std::getline(ss, c, ',');
    std::getline(ss, m, ',');
    std::getline(ss, n, ',');
    std::getline(ss, k, ',');
    std::getline(ss, cycles, ',');
    PeArrayTiming a(std::stoull(r), std::stoull(c), WeightPreload::Serial);
    GemmTile t{static_cast<uint32_t>(std::stoul(m)), static_cast<uint32_t>(std::stoul(n)),
               static_cast<uint32_t>(std::stoul(k)), df_of(df)};
    // SCALE-Sim reports the index of the last cycle: count - 1.
    EXPECT_EQ(a.cycles(t, 1.0) - 1, std::stoull(cycles)) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 12);
}

TEST(SystolicArray, RuleHoldsForRandomShapesAndArrays) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 2000; ++i) {
    uint64_t R = 1 + rng() % 256, C = 1 + rng() % 256;
    uint64_t M = 1 + rng() % 3000, N = 1 + rng() % 3000, K = 1 + rng() % 3000;
    for (const char* df : {"os", "ws", "is"}) {
      PeArrayTiming a(R, C, WeightPreload::Serial);
      GemmTile t{static_cast<uint32_t>(M), static_cast<uint32_t>(N), static_cast<uint32_t>(K),
                 df_of(df)};
      ASSERT_EQ(a.cycles(t, 1.0) - 1, scalesim_cycles(df, R, C, M, N, K))
          << df << " R=" << R << " C=" << C << " M=" << M << " N=" << N << " K=" << K;
    }
  }
}

TEST(SystolicArray, CheckedExample) {
  // scalesim_public.md: os, 32x32, M = N = K = 64: 2 * 2 * (64 + 62) - 1 = 503.
  PeArrayTiming a(32, 32, WeightPreload::Serial);
  EXPECT_EQ(a.cycles(GemmTile{64, 64, 64, Dataflow::OS}, 1.0), 504u);
}

TEST(SystolicArray, OverlappedPreloadPaysOnce) {
  PeArrayTiming serial(32, 32, WeightPreload::Serial), over(32, 32, WeightPreload::Overlapped);
  GemmTile t{100, 64, 64, Dataflow::WS};  // folds = 2 * 2 = 4
  EXPECT_EQ(serial.cycles(t, 1.0), 4u * (64 + 32 + 100 - 2));
  EXPECT_EQ(over.cycles(t, 1.0), 4u * (32 + 32 + 100 - 2) + 32);
  // Output stationary has no preload term either way.
  GemmTile o{100, 64, 64, Dataflow::OS};
  EXPECT_EQ(serial.cycles(o, 1.0), over.cycles(o, 1.0));
}

TEST(SystolicArray, PackedPrecisionShortensReduction) {
  PeArrayTiming a(32, 32, WeightPreload::Serial);
  // int4 at 2 MACs per PE per cycle: K = 128 becomes 64 reduction steps.
  EXPECT_EQ(a.cycles(GemmTile{64, 64, 128, Dataflow::OS}, 2.0),
            a.cycles(GemmTile{64, 64, 64, Dataflow::OS}, 1.0));
  // fp32 at a quarter MAC per cycle takes four times as long.
  EXPECT_EQ(a.cycles(GemmTile{64, 64, 64, Dataflow::OS}, 0.25),
            4 * a.cycles(GemmTile{64, 64, 64, Dataflow::OS}, 1.0));
}

TEST(SystolicArray, GangedArraysSplitColumns) {
  PeArrayTiming four(128, 128, WeightPreload::Serial, 4), one(128, 128, WeightPreload::Serial);
  EXPECT_EQ(four.cycles(GemmTile{256, 512, 256, Dataflow::WS}, 1.0),
            one.cycles(GemmTile{256, 128, 256, Dataflow::WS}, 1.0));
  EXPECT_EQ(four.cycles(GemmTile{512, 256, 256, Dataflow::IS}, 1.0),
            one.cycles(GemmTile{128, 256, 256, Dataflow::IS}, 1.0));
}

TEST(SystolicArray, SparsityShortensReduction) {
  PeArrayTiming a(32, 32, WeightPreload::Serial);
  EXPECT_EQ(a.cycles(GemmTile{64, 64, 128, Dataflow::OS}, 1.0, 0.5),
            a.cycles(GemmTile{64, 64, 64, Dataflow::OS}, 1.0));
}
