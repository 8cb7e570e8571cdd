// Exact-cycle tests of the timing cores: "ready at t, not at t-1".
#include <gtest/gtest.h>

#include "models/buffer/buffer_timing.h"
#include "models/dram_simple/simple_dram_timing.h"
#include "models/timing/clock.h"
#include "models/vector_unit/vector_unit_timing.h"

using namespace tessera;

TEST(Clock, AlignsToEdges) {
  Clock c = Clock::from_hz(1e9);  // 1 ns = 1e6 fs
  EXPECT_EQ(c.period, 1000000u);
  EXPECT_EQ(c.align_up(0), 0u);
  EXPECT_EQ(c.align_up(1), 1000000u);
  EXPECT_EQ(c.align_up(1000000), 1000000u);
  EXPECT_EQ(c.align_up(1000001), 2000000u);
  EXPECT_EQ(Clock::from_hz(1.4e9).period, 714286u);
}

TEST(VectorUnit, CyclesPerGroupPlusLatency) {
  VectorUnitSpec s;
  s.lanes = 16;
  s.latency = 4;
  VectorUnitTiming v(s);
  VectorWork relu = VectorWork().add(VectorOp::Max);
  EXPECT_EQ(v.cycles(16, relu), 1u + 4);
  EXPECT_EQ(v.cycles(17, relu), 2u + 4);
  VectorWork softmax =
      VectorWork().add(VectorOp::Max).add(VectorOp::Add, 2).add(VectorOp::Exp).add(VectorOp::Div);
  EXPECT_EQ(v.cycles(32, softmax), 2u * (1 + 2 + 4 + 4) + 4);
  EXPECT_EQ(v.cycles(0, relu), 0u);
}

TEST(VectorUnit, WindowsBeyond32BitsAreCounted) {
  // A global pool over 2^33 elements per output: 2^33 adds, not 2^33 mod 2^32 = 0.
  const VectorWork pool = VectorWork().add(VectorOp::Add, uint64_t(1) << 33);
  EXPECT_EQ(pool.total_ops(), uint64_t(1) << 33);
  VectorUnitSpec s;
  s.lanes = 16;
  s.latency = 4;
  EXPECT_EQ(VectorUnitTiming(s).cycles(16, pool), (uint64_t(1) << 33) + 4);
}

TEST(BufferPort, ReadsAndWritesUseSeparatePorts) {
  BufferSpec b;
  b.size = 1 << 20;
  b.banks = 4;
  b.bank_width = 16;  // 64 B per cycle per port
  b.ports = 2;
  BufferTiming t(b, Clock::from_hz(1e9));
  const SimTime ns = 1000000;
  EXPECT_EQ(t.read(0, 640, 0), 10 * ns);  // 10 cycles
  EXPECT_EQ(t.write(0, 64, 0), 1 * ns);   // other port: no wait
  EXPECT_EQ(t.read(0, 64, 0), 11 * ns);   // queues behind the first read: ready at 11, not 10
  EXPECT_EQ(t.wait_time(), 10 * ns);
}

TEST(BufferPort, SinglePortSerializes) {
  BufferSpec b;
  b.size = 1 << 20;
  b.banks = 1;
  b.bank_width = 64;
  b.ports = 1;
  BufferTiming t(b, Clock::from_hz(1e9));
  const SimTime ns = 1000000;
  EXPECT_EQ(t.write(0, 128, 0), 2 * ns);
  EXPECT_EQ(t.read(0, 64, 0), 3 * ns);
}

TEST(SimpleDram, UnloadedLatencyIsLatencyPlusTransfer) {
  const SimTime ns = 1000000;
  SimpleDramTiming d(64e9, 100 * ns, 8, Clock::from_hz(1e9));  // 64 B/ns
  DramIssue r = d.issue(0, 64, false);
  EXPECT_EQ(r.accept, 0u);
  EXPECT_EQ(r.done, 101 * ns);
}

TEST(SimpleDram, StreamingReachesBandwidth) {
  const SimTime ns = 1000000;
  SimpleDramTiming d(64e9, 100 * ns, 1000, Clock::from_hz(1e9));
  SimTime last = 0;
  for (int i = 0; i < 1000; ++i) last = d.issue(0, 64, false).done;
  EXPECT_EQ(last, (1000 + 100) * ns);  // 1000 bursts back to back, then the latency
}

TEST(SimpleDram, FullQueueBackPressures) {
  const SimTime ns = 1000000;
  SimpleDramTiming d(64e9, 100 * ns, 2, Clock::from_hz(1e9));
  DramIssue a = d.issue(0, 64, false);
  DramIssue b = d.issue(0, 64, false);
  DramIssue c = d.issue(0, 64, false);  // waits until the oldest completes
  EXPECT_EQ(a.done, 101 * ns);
  EXPECT_EQ(b.done, 102 * ns);
  EXPECT_EQ(c.accept, 101 * ns);
  EXPECT_EQ(c.done, 202 * ns);
  EXPECT_EQ(d.queue_wait(), 101 * ns);
  EXPECT_EQ(d.peak_occupancy(), 2u);
}
