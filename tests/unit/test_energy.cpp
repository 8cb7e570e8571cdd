#include <gtest/gtest.h>

#include <cmath>

#include "models/energy/energy_model.h"
#include "sim/config/run_config.h"

using namespace tessera;

TEST(Energy, SramInterpolationHitsTablePoints) {
  std::vector<SramEnergyPoint> t = {{8192, 10e-12}, {32768, 20e-12}, {1 << 20, 100e-12}};
  EXPECT_DOUBLE_EQ(sram_energy_per_64b(t, 8192), 10e-12);
  EXPECT_NEAR(sram_energy_per_64b(t, 32768), 20e-12, 1e-24);
  EXPECT_NEAR(sram_energy_per_64b(t, 1 << 20), 100e-12, 1e-22);
  EXPECT_NEAR(sram_energy_per_64b(t, 16384), std::sqrt(10e-12 * 20e-12),
              1e-24);  // log-log midpoint
  EXPECT_DOUBLE_EQ(sram_energy_per_64b(t, 1024), 10e-12);
}

TEST(Energy, EventsTimesEnergyPlusLeakage) {
  RunInputs in;
  LoadedRun run = load_run(in);
  EnergyModel em(run.spec.hardware, run.spec.technology);
  EnergyEvents ev;
  ev.macs[static_cast<size_t>(Precision::INT8)] = 1000000;
  ev.dram_bytes = 4096;
  ev.buffer_read_bytes = {1000};
  ev.buffer_write_bytes = {500};
  auto blocks = em.evaluate(ev, 1e-3);
  double total = 0;
  for (const auto& b : blocks) total += b.dynamic_j + b.leakage_j;
  double expected = 1e6 * 0.3e-12 + 4096 * 8 * 4e-12 + 1500 * em.buffer_energy_per_byte(0) +
                    em.total_leakage_w() * 1e-3;
  EXPECT_NEAR(total, expected, expected * 1e-12);
  EXPECT_GT(em.area_mm2(), 0);
}
