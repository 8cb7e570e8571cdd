// Interconnect, reservation timelines, L2 and DRAM address mapping (pure timing cores).
#include <gtest/gtest.h>

#include "models/dram_bank/dram_address_map.h"
#include "models/l2/l2_timing.h"
#include "models/noc/noc_timing.h"
#include "models/timing/busy_timeline.h"

using namespace tessera;

namespace {
const SimTime ns = 1000000;  // 1 GHz cycle
Clock ghz() {
  return Clock::from_hz(1e9);
}
}  // namespace

TEST(BusyTimeline, FillsGapsLeftByLaterBookings) {
  BusyTimeline t;
  EXPECT_EQ(t.reserve(100, 10, 0), 100u);  // booked first, for later
  EXPECT_EQ(t.reserve(0, 10, 0), 0u);      // an earlier request uses the idle time before it
  EXPECT_EQ(t.reserve(95, 10, 0), 110u);   // does not fit at 95: after the booking at 100
  EXPECT_EQ(t.reserve(10, 90, 0), 10u);    // exactly fills [10, 100)
  EXPECT_EQ(t.reserve(0, 5, 0), 120u);     // everything up to 120 is taken
  EXPECT_EQ(t.earliest(0, 1), 125u);
}

TEST(BusyTimeline, ForgetsThePast) {
  BusyTimeline t;
  for (SimTime i = 0; i < 1000; ++i) t.reserve(i * 10, 5, i * 10);
  EXPECT_LE(t.intervals(), 2u);
}

TEST(NocTiming, UncontendedLatencyIsHopsTimesLatencyPlusSerialization) {
  // Crossbar: core link + port link = 2 hops.
  NocTiming x(NocTopology::Crossbar, 4, 2, 0, 0, {}, 32.0, 3, ghz());
  EXPECT_EQ(x.to_port(1, 0, 0, 256, 0), (2 * 3 + 256 / 32) * ns);
  // 4 x 4 mesh, memory port at router 15; from core 0: inject, 3 east, 3 south, eject = 8 hops.
  NocTiming m(NocTopology::Mesh, 16, 1, 4, 4, {15}, 16.0, 2, ghz());
  EXPECT_EQ(m.hops(0, 0), 8u);
  EXPECT_EQ(m.to_port(0, 0, 0, 64, 0), (8 * 2 + 64 / 16) * ns);
  EXPECT_EQ(m.to_core(0, 5, 0, 64, 0), (m.hops(5, 0) * 2 + 4) * ns);
}

TEST(NocTiming, TwoFlowsShareOneLinkEvenly) {
  // Cores 0 and 1 both send to memory port 0 through its single link: each gets half.
  NocTiming x(NocTopology::Crossbar, 2, 1, 0, 0, {}, 64.0, 1, ghz());
  SimTime last[2] = {0, 0};
  const int packets = 1000;
  for (int i = 0; i < packets; ++i)
    for (uint32_t c = 0; c < 2; ++c) last[c] = x.to_port(c, 0, 0, 64, 0);
  // Alone, a flow would finish after ~packets cycles; sharing, after ~2 x packets.
  for (int c = 0; c < 2; ++c) {
    double rate = static_cast<double>(packets) * 64 /
                  (static_cast<double>(last[c]) / static_cast<double>(ns));
    EXPECT_NEAR(rate, 32.0, 0.5) << c;  // bytes per cycle: half of 64
  }
}

TEST(NocTiming, MeshSizeMustMatchCores) {
  EXPECT_THROW(NocTiming(NocTopology::Mesh, 10, 1, 4, 4, {0}, 16, 1, ghz()), std::invalid_argument);
}

TEST(L2, LruHitsMissesAndWritebacks) {
  // 4 lines of 128 B, 2 ways -> 2 sets.
  L2Timing c(512, 128, 2, 1, 64, ghz());
  EXPECT_FALSE(c.access(0, false).hit);
  EXPECT_TRUE(c.access(64, false).hit);   // same line
  EXPECT_FALSE(c.access(256, true).hit);  // same set (line 2), other way, now dirty
  EXPECT_TRUE(c.access(0, false).hit);    // line 0 most recent again
  L2Lookup r = c.access(512, false);      // line 4 -> set 0: evicts line 2 (LRU, dirty)
  EXPECT_FALSE(r.hit);
  EXPECT_TRUE(r.evicted_dirty);
  EXPECT_EQ(r.victim_addr, 256u);
  EXPECT_EQ(c.hits(), 2u);
  EXPECT_EQ(c.misses(), 3u);
  EXPECT_EQ(c.writebacks(), 1u);
  EXPECT_EQ(c.transfer(0, 0, 128, 0), 2 * ns);  // 128 B at 64 B/cycle
  EXPECT_EQ(c.transfer(0, 0, 128, 0), 4 * ns);  // the slice port is busy
}

TEST(DramAddressMap, MixedRadixFieldsAndCoverage) {
  DramOrganization o;
  o.ranks = 1, o.bank_groups = 4, o.banks_per_group = 4, o.rows = 1024, o.columns = 32,
  o.burst_bytes = 32;
  DramAddressMap m("ro-ba-ra-co-bg-ch", 48, o);
  EXPECT_EQ(m.capacity(), 32ull * 48 * 4 * 32 * 1 * 4 * 1024);
  DramLocation a = m.decode(0), b = m.decode(32), c = m.decode(32 * 48);
  EXPECT_EQ(a.channel, 0u);
  EXPECT_EQ(b.channel, 1u);  // consecutive bursts spread over the channels first
  EXPECT_EQ(c.channel, 0u);
  EXPECT_EQ(c.req.bank_group, 1u);  // then over bank groups
  EXPECT_THROW(DramAddressMap("ro-ba-co-bg-ch", 2, o), std::invalid_argument);  // rank missing
  EXPECT_THROW(DramAddressMap("ro-ba-ra-co-bg-ch-ch", 2, o), std::invalid_argument);
  EXPECT_THROW(DramAddressMap("ro-xx-ra-co-bg-ch", 2, o), std::invalid_argument);
}
