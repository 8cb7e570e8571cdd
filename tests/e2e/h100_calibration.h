// bf16 GEMM latencies measured on an H100 SXM (tests/data/h100_gemm_public.csv) against
// configs/hw/h100-sxm.yaml. Acceptance (issue 6): over the shapes of at least 1 GFLOP, median
// absolute error <= 15% and no shape off by more than 40%. The default tier checks the shapes up
// to `max_gflop`; the slow tier all of them (8192^3 alone takes about 25 s).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tessera_runner.h"

namespace tessera_test {

inline void expect_h100_gemm_calibration(double max_gflop) {
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
    if (gflop < 1 || gflop > max_gflop) continue;
    auto j = run_json({"--hw", source_path("configs/hw/h100-sxm.yaml"), "--model",
                       "gemm:M=" + m + ",N=" + n + ",K=" + k, "--set", "workload.precision=bf16"});
    ASSERT_TRUE(j.contains("totals"));
    const double predicted = j["totals"]["latency_s"].get<double>() * 1e6, measured = std::stod(us);
    const double err = std::abs(predicted - measured) / measured;
    std::printf("%sx%sx%s: predicted %.2f us, measured %.2f us, error %.1f %%\n", m.c_str(),
                n.c_str(), k.c_str(), predicted, measured, 100 * err);
    EXPECT_LE(err, 0.40) << m << "x" << n << "x" << k << ": predicted " << predicted
                         << " us, measured " << measured;
    errors.push_back(err);
  }
  ASSERT_GE(errors.size(), 5u);
  std::sort(errors.begin(), errors.end());
  const double median = errors.size() % 2
                            ? errors[errors.size() / 2]
                            : 0.5 * (errors[errors.size() / 2 - 1] + errors[errors.size() / 2]);
  EXPECT_LE(median, 0.15) << "median absolute error " << median;
}

}  // namespace tessera_test
