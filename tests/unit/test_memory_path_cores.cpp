// Exact-cycle tests of the transfer-level memory path's plain-C++ cores: the DMA engine, the
// occupancy window it and the DRAM queue use, the L2's write path and the out-of-order DRAM.
#include <gtest/gtest.h>

#include <vector>

#include "models/buffer/buffer_timing.h"
#include "models/dma/dma_timing.h"
#include "models/dram_simple/simple_dram_timing.h"
#include "models/l2/l2_timing.h"
#include "models/timing/interval_timeline.h"
#include "models/timing/occupancy_window.h"

using namespace tessera;

namespace {

const SimTime ns = 1000000;  // 1 GHz cycle
Clock ghz() {
  return Clock::from_hz(1e9);
}

// A memory that completes every burst `latency` after it arrives (or defers every completion),
// recording what it saw.
class FixedMemory : public MemoryTarget {
 public:
  explicit FixedMemory(SimTime latency, bool defer = false) : latency_(latency), defer_(defer) {}
  Served serve(const Burst& b, MemoryCallback* cb, uint64_t tag) override {
    seen.push_back(b);
    if (defer_) {
      deferred.push_back({cb, tag});
      return {kDeferred, b.at};
    }
    return {b.at + latency_, b.at};
  }
  std::vector<Burst> seen;
  std::vector<std::pair<MemoryCallback*, uint64_t>> deferred;

 private:
  SimTime latency_;
  bool defer_;
};

std::vector<BufferTiming> one_wide_buffer() {
  BufferSpec b;  // 8 banks x 16 B: 128 B per cycle per port, so a 64 B burst lands in one cycle
  b.size = 1 << 20;
  return {BufferTiming(b, ghz())};
}

Command load(uint64_t addr, uint64_t bytes) {
  Command c;
  c.kind = CmdKind::Load;
  c.addr = addr;
  c.bytes = bytes;
  return c;
}

DmaSpec dma(uint64_t burst, int64_t outstanding) {
  DmaSpec s;
  s.burst = burst;
  s.outstanding = outstanding;
  return s;
}

}  // namespace

TEST(DmaTiming, OneBurstPerCycleThenLatencyThenBufferWrite) {
  FixedMemory mem(10 * ns);
  auto buffers = one_wide_buffer();
  DmaTiming d(dma(64, 16), ghz(), 0, mem, buffers);
  const uint32_t x = d.start(0, load(0, 256), 0, 0);
  EXPECT_EQ(d.issue(x, ~SimTime(0), 0), DmaTiming::Step::Issued);
  ASSERT_EQ(mem.seen.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(mem.seen[i].at, i * ns);  // issued at 0, 1, 2, 3
    EXPECT_EQ(mem.seen[i].addr, i * 64);
  }
  EXPECT_EQ(d.next(x), 4 * ns);  // the channel is free after its last issue cycle
  EXPECT_TRUE(d.complete(x));
  EXPECT_EQ(d.completion(x), 14 * ns);  // last burst done at 13, written into the buffer by 14
  EXPECT_EQ(d.requests(), 4u);
  EXPECT_EQ(d.stall_cycles(), 0u);
}

TEST(DmaTiming, FullWindowWaitsForTheFirstCompletion) {
  FixedMemory mem(10 * ns);
  auto buffers = one_wide_buffer();
  DmaTiming d(dma(64, 2), ghz(), 0, mem, buffers);
  const uint32_t x = d.start(0, load(0, 256), 0, 0);
  EXPECT_EQ(d.issue(x, ~SimTime(0), 0), DmaTiming::Step::Issued);
  ASSERT_EQ(mem.seen.size(), 4u);
  EXPECT_EQ(mem.seen[0].at, 0u);
  EXPECT_EQ(mem.seen[1].at, 1 * ns);
  EXPECT_EQ(mem.seen[2].at, 10 * ns);  // window of 2 full until burst 0 completes at 10, not 9
  EXPECT_EQ(mem.seen[3].at, 11 * ns);
  EXPECT_EQ(d.stall_cycles(), 8u);  // burst 2 was due at 2
  EXPECT_EQ(d.completion(x), 22 * ns);
}

TEST(DmaTiming, YieldsAtTheQuantum) {
  FixedMemory mem(10 * ns);
  auto buffers = one_wide_buffer();
  DmaTiming d(dma(64, 16), ghz(), 0, mem, buffers);
  const uint32_t x = d.start(0, load(0, 256), 0, 0);
  EXPECT_EQ(d.issue(x, 1 * ns, 0), DmaTiming::Step::Yield);
  EXPECT_EQ(mem.seen.size(), 2u);  // bursts due at 0 and 1
  EXPECT_EQ(d.next(x), 2 * ns);
  EXPECT_FALSE(d.complete(x));
  EXPECT_EQ(d.issue(x, 3 * ns, 2 * ns), DmaTiming::Step::Issued);
  EXPECT_EQ(mem.seen.size(), 4u);
  EXPECT_EQ(d.completion(x), 14 * ns);  // the same as issued in one go
}

TEST(DmaTiming, ChannelsOfOneEngineIssueInTimeOrder) {
  FixedMemory mem(10 * ns);
  auto buffers = one_wide_buffer();
  DmaTiming d(dma(64, 16), ghz(), 0, mem, buffers);
  const uint32_t x = d.start(0, load(0, 128), 0, 0);
  const uint32_t y = d.start(1, load(4096, 128), 0, 0);
  // x's shell runs first but y's bursts go out beside x's, as two channels would issue them.
  EXPECT_EQ(d.issue(x, ~SimTime(0), 0), DmaTiming::Step::Issued);
  ASSERT_EQ(mem.seen.size(), 4u);
  const uint64_t order[] = {0, 4096, 64, 4160};
  const SimTime at[] = {0, 0, 1 * ns, 1 * ns};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(mem.seen[i].addr, order[i]);
    EXPECT_EQ(mem.seen[i].at, at[i]);
  }
  EXPECT_EQ(d.issue(y, ~SimTime(0), 0), DmaTiming::Step::Issued);  // nothing left to issue
  EXPECT_EQ(mem.seen.size(), 4u);
}

TEST(DmaTiming, DeferredCompletionsHoldTheWindow) {
  FixedMemory mem(0, /*defer=*/true);
  auto buffers = one_wide_buffer();
  DmaTiming d(dma(64, 2), ghz(), 0, mem, buffers);
  int woken = 0;
  uint32_t finished = ~0u;
  d.on_deferred_done = [&] { ++woken; };
  d.on_transfer_done = [&](uint32_t t) { finished = t; };
  const uint32_t x = d.start(0, load(0, 192), 0, 0);
  EXPECT_EQ(d.issue(x, ~SimTime(0), 0), DmaTiming::Step::Wait);  // two out, both pending
  EXPECT_EQ(mem.deferred.size(), 2u);
  EXPECT_EQ(d.wake_at(), DmaTiming::kNever);
  mem.deferred[0].first->burst_done(mem.deferred[0].second, 20 * ns, 20 * ns);
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(d.issue(x, ~SimTime(0), 20 * ns), DmaTiming::Step::Issued);
  ASSERT_EQ(mem.seen.size(), 3u);
  EXPECT_EQ(mem.seen[2].at, 20 * ns);  // resumed when the slot freed
  EXPECT_FALSE(d.complete(x));
  for (size_t i = 1; i < 3; ++i)
    mem.deferred[i].first->burst_done(mem.deferred[i].second, 30 * ns, 30 * ns);
  EXPECT_EQ(finished, x);
  EXPECT_EQ(d.completion(x),
            32 * ns);  // both land at 30; the buffer's write port takes one per cycle
}

TEST(OccupancyWindow, CountsAtEachRequestsOwnTime) {
  OccupancyWindow w(1);
  w.enter(100, 100);  // booked first, for later
  w.leave(200);
  EXPECT_EQ(w.admit(0), 0u);      // an earlier request finds the window empty at its time
  EXPECT_EQ(w.admit(150), 200u);  // full from 100 until 200: waits for the departure, not 199
  EXPECT_EQ(w.occupancy(199), 1u);
  EXPECT_EQ(w.occupancy(200), 0u);
  w.enter(300, 300);  // one whose departure is not known yet
  EXPECT_EQ(w.admit(350), OccupancyWindow::kNever);
  w.leave(400);
  EXPECT_EQ(w.admit(350), 400u);
  w.forget_before(250);  // the first request is gone; later answers are unchanged
  EXPECT_EQ(w.admit(350), 400u);
  EXPECT_EQ(w.occupancy(260), 0u);
}

TEST(IntervalTimeline, EarlierArrivalUsesTheGap) {
  IntervalTimeline t;
  EXPECT_EQ(t.reserve(100, 10, 0), 100u);
  EXPECT_EQ(t.reserve(0, 10, 0), 0u);
  EXPECT_EQ(t.reserve(95, 10, 0), 110u);
  EXPECT_EQ(t.reserve(10, 90, 0), 10u);
  EXPECT_EQ(t.earliest(0, 1), 120u);
  EXPECT_EQ(t.intervals(), 1u);  // [0, 120) merged
}

TEST(BusyTimeline, ClockedBookingsTakeWholeCycles) {
  BusyTimeline t(ns);
  EXPECT_EQ(t.reserve(0, 2 * ns, 0), 0u);
  EXPECT_EQ(t.reserve(1, 1, 0), 2 * ns);  // 1 fs still takes a whole cycle, from the next free edge
  EXPECT_EQ(t.reserve(100 * ns, 64 * ns, 0), 100 * ns);  // across a word boundary of the bitmap
  EXPECT_EQ(t.reserve(99 * ns, 2 * ns, 0), 164 * ns);    // no 2-cycle gap before it
  EXPECT_EQ(t.reserve(99 * ns, 1 * ns, 0), 99 * ns);     // but a 1-cycle one
}

TEST(SimpleDram, LaterBookedEarlierRequestIsNotQueuedBehindTheFuture) {
  // Queue of one, 64 B take 1 ns on the bus, no latency.
  SimpleDramTiming d(64e9, 0, 1, ghz());
  EXPECT_EQ(d.issue(100 * ns, 64, false).done, 101 * ns);  // booked ahead
  const DramIssue early = d.issue(10 * ns, 64, false);     // arrives earlier, booked later
  EXPECT_EQ(early.accept, 10 * ns);
  EXPECT_EQ(early.done, 11 * ns);
  const DramIssue inside = d.issue(100 * ns, 64, false);  // the queue is full until 101
  EXPECT_EQ(inside.accept, 101 * ns);
  EXPECT_EQ(inside.done, 102 * ns);
}

TEST(L2, StoresAllocateAndReachDramByWriteBackOrFlush) {
  struct Sink : MemoryTarget {
    uint64_t read = 0, written = 0;
    Served serve(const Burst& b, MemoryCallback*, uint64_t) override {
      (b.write ? written : read) += b.bytes;
      return {b.at, b.at};
    }
  } dram;
  LayerTraffic traffic;
  traffic.resize(2);
  // 2 lines of 128 B, 1 way: 2 sets.
  L2Timing l2(256, 128, 1, 1, 64, ghz());
  l2.connect(&dram, 1, &traffic);
  struct Done : MemoryCallback {
    void burst_done(uint64_t, SimTime, SimTime) override {}
  } cb;
  Burst w;
  w.write = true;
  w.bytes = 128;
  w.layer = 1;
  l2.serve(w, &cb, 0);  // line 0 allocated dirty, no fetch, nothing to DRAM yet
  EXPECT_EQ(dram.read + dram.written, 0u);
  Burst r = w;
  r.write = false;
  r.addr = 256;  // same set: evicts line 0, written back
  r.layer = 0;
  l2.serve(r, &cb, 0);
  EXPECT_EQ(dram.written, 128u);
  EXPECT_EQ(dram.read, 128u);
  EXPECT_EQ(l2.writebacks(), 1u);
  l2.serve(w, &cb, 0);  // line 0 again, dirty
  l2.flush();           // the run ends: counted to the writer's layer
  EXPECT_EQ(l2.flushed_bytes(), 128u);
  EXPECT_EQ(traffic.dram_write[1], 128u);

  L2Timing through(256, 128, 1, 1, 64, ghz(), 0, WritePolicy::Through);
  Sink dram2;
  through.connect(&dram2, 1, nullptr);
  through.serve(w, &cb, 0);  // write-through: at once
  EXPECT_EQ(dram2.written, 128u);
  through.flush();
  EXPECT_EQ(through.flushed_bytes(), 0u);
}
