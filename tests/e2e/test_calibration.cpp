// Calibration against real hardware: bf16 GEMM latencies measured on an H100 SXM
// (tests/data/h100_gemm_public.csv) against configs/hw/h100-sxm.yaml, whose parameters are
// physical (cores, array shape, clocks, bandwidths, the kernel launch cost), never per shape.
// Acceptance (issue 6): over the shapes of at least 1 GFLOP, median absolute error <= 15% and
// no shape off by more than 40%.
#include "h100_calibration.h"

using namespace tessera_test;

// The shapes up to 200 GFLOP (4096^3); all of them: Slow.H100GemmLatenciesAllShapes.
TEST(Calibration, H100GemmLatencies) {
  expect_h100_gemm_calibration(200);
}
