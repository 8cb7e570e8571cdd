// Calibration against real hardware: bf16 GEMM latencies measured on an H100 SXM
// (tests/data/h100_gemm_public.csv) against configs/hw/h100-sxm.yaml, whose parameters are
// physical (cores, array shape, clocks, bandwidths, the kernel launch cost), never per shape.
// Acceptance (issue 6): over the shapes of at least 1 GFLOP, median absolute error <= 15% and
// no shape off by more than 40%.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "tessera_runner.h"

using namespace tessera_test;

TEST(Calibration, H100GemmLatencies) {
  std::ifstream in(source_path("tests/data/h100_gemm_public.csv"));
  ASSERT_TRUE(in) << "missing tests/data/h100_gemm_public.csv";
  std::string line;
  std::getline(in, line);  // header: dtype,M,N,K,us,tflops
  std::vector<double> errors;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string dtype, m, n, k, us;
    std::getline(ss, dtype, ',');
    std::getline(ss, m, ',');
    std::getline(ss, n, ',');
    std::getline(ss, k, ',');
    std::getline(ss, us, ',');
    const double gflop = 2.0 * std::stod(m) * std::stod(n) * std::stod(k) / 1e9;
    if (gflop < 1) continue;
    auto j = run_json({"--hw", source_path("configs/hw/h100-sxm.yaml"), "--model",
                       "gemm:M=" + m + ",N=" + n + ",K=" + k, "--set", "workload.precision=bf16"});
    ASSERT_TRUE(j.contains("totals"));
    const double predicted = j["totals"]["latency_s"].get<double>() * 1e6, measured = std::stod(us);
    const double err = std::abs(predicted - measured) / measured;
    EXPECT_LE(err, 0.40) << m << "x" << n << "x" << k << ": predicted " << predicted << " us, measured " << measured;
    errors.push_back(err);
  }
  ASSERT_GE(errors.size(), 5u);
  std::sort(errors.begin(), errors.end());
  const double median = errors.size() % 2 ? errors[errors.size() / 2]
                                           : 0.5 * (errors[errors.size() / 2 - 1] + errors[errors.size() / 2]);
  EXPECT_LE(median, 0.15) << "median absolute error " << median;
}
