// Roofline properties over random layers: latency is never below the compute or the memory
// bound; it reaches the array's stall-free compute time when memory is infinitely fast, and the
// DRAM transfer time when compute is infinitely fast.
#include <gtest/gtest.h>

#include <random>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

std::string random_layer(std::mt19937_64& rng) {
  if (rng() % 2) {
    return "gemm:M=" + std::to_string(1 + rng() % 1024) + ",N=" + std::to_string(1 + rng() % 1024) +
           ",K=" + std::to_string(1 + rng() % 2048);
  }
  int64_t hw = 7 + static_cast<int64_t>(rng() % 50), r = rng() % 2 ? 3 : 1;
  return "conv:H=" + std::to_string(hw) + ",W=" + std::to_string(hw) +
         ",C=" + std::to_string(8 + rng() % 256) + ",K=" + std::to_string(8 + rng() % 256) +
         ",R=" + std::to_string(r) + ",pad=" + std::to_string(r / 2) +
         ",stride=" + std::to_string(1 + rng() % 2);
}

std::vector<std::string> fast_memory() {
  return {"--set", "hardware.dram.bandwidth=1000TB/s",
          "--set", "hardware.dram.latency=0.001ns",
          "--set", "hardware.dma.burst=64KiB",
          "--set", "hardware.dma.outstanding=4096",
          "--set", "hardware.dma.channels=8",
          "--set", "hardware.dma.clock=10THz",
          "--set", "hardware.buffers.0.clock=10THz",
          "--set", "hardware.dram.clock=10THz",
          "--set", "hardware.pe_array.cycle_count=exact"};
}

std::vector<std::string> fast_compute() {
  return {"--set", "hardware.pe_array.clock=10THz",  "--set", "hardware.vector_unit.clock=10THz",
          "--set", "hardware.buffers.0.clock=10THz", "--set", "hardware.dma.outstanding=1024",
          "--set", "hardware.dma.clock=10THz"};
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST(Roofline, LatencyIsAtLeastBothBounds) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 10; ++i) {
    std::string layer = random_layer(rng);
    auto j = run_json({"--model", layer});
    ASSERT_TRUE(j.contains("totals")) << layer;
    double t = j["totals"]["latency_s"];
    double compute_bound =
        j["totals"]["macs"].get<double>() / j["totals"]["peak_macs_per_s"].get<double>();
    double memory_bound = j["totals"]["min_dram_bytes"].get<double>() /
                          j["totals"]["dram_peak_bandwidth"].get<double>();
    EXPECT_GE(t, compute_bound) << layer;
    EXPECT_GE(t, memory_bound) << layer;
  }
}

TEST(Roofline, EveryLayerOfAModelRespectsBothBounds) {
  auto j = run_json({"--model", "resnet18"});
  double peak = j["totals"]["peak_macs_per_s"];
  const double kDramBw = j["totals"]["dram_peak_bandwidth"];
  for (const auto& l : j["layers"]) {
    double t = l["latency_s"];
    EXPECT_GE(t * (1 + 1e-9), l["macs"].get<double>() / peak) << l["name"];
    EXPECT_GE(t * (1 + 1e-9), l["min_dram_bytes"].get<double>() / kDramBw) << l["name"];
  }
}

TEST(Roofline, InfinitelyFastMemoryReachesComputeBound) {
  std::mt19937_64 rng(12);
  for (int i = 0; i < 8; ++i) {
    std::string layer = random_layer(rng);
    auto j = run_json(with({"--model", layer}, fast_memory()));
    ASSERT_TRUE(j.contains("layers")) << layer;
    double cycles = j["totals"]["cycles"];
    double compute = j["layers"][0]["compute_cycles"];  // stall-free array cycles
    EXPECT_GE(cycles, compute) << layer;
    EXPECT_LE(cycles, compute * 1.01 + 50) << layer;
  }
}

TEST(Roofline, InfinitelyFastComputeReachesMemoryBound) {
  std::mt19937_64 rng(13);
  for (int i = 0; i < 8; ++i) {
    std::string layer = random_layer(rng);
    auto j = run_json(with({"--model", layer}, fast_compute()));
    ASSERT_TRUE(j.contains("totals")) << layer;
    double t = j["totals"]["latency_s"];
    double transfer =
        j["totals"]["dram_bytes"].get<double>() / j["totals"]["dram_peak_bandwidth"].get<double>();
    EXPECT_GE(t, transfer) << layer;
    EXPECT_LE(t, transfer * 1.02 + 300e-9)
        << layer;  // plus one unloaded access latency and a burst
  }
}
