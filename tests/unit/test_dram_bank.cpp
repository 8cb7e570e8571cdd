// Exact-cycle tests of the bank-level DRAM timing core: every constraint is met at the first
// legal cycle ("legal at t, not at t-1": the scheduler issues each command at the earliest cycle
// its constraints allow, so the logged cycle is that boundary).
#include <gtest/gtest.h>

#include <random>

#include "models/dram_bank/bank_dram_timing.h"

using namespace tessera;
using Cmd = BankDramTiming::Cmd;

namespace {

// DDR4-3200 (JESD79-4, 8 Gb x8, tCK 0.625 ns): tRCD = tRP = tCL = 22, tRAS 52, tRC 74, ...
DramTimings ddr4() {
  DramTimings t;
  t.tRCD = 22, t.tRP = 22, t.tCL = 22, t.tCWL = 16, t.tRAS = 52, t.tRC = 74;
  t.tCCD_S = 4, t.tCCD_L = 8, t.tRRD_S = 4, t.tRRD_L = 8, t.tFAW = 34;
  t.tWR = 24, t.tWTR_S = 4, t.tWTR_L = 12, t.tRTP = 12, t.tRFC = 560, t.tREFI = 12480;
  t.burst_cycles = 4;
  return t;
}

DramOrganization org() {
  DramOrganization o;
  o.ranks = 1, o.bank_groups = 4, o.banks_per_group = 4, o.rows = 65536, o.columns = 128,
  o.burst_bytes = 64;
  return o;
}

DramRequest req(uint64_t id, uint32_t bg, uint32_t bank, uint64_t row, bool write = false,
                uint64_t arrive = 0, uint32_t col = 0) {
  DramRequest r;
  r.id = id, r.bank_group = bg, r.bank = bank, r.row = row, r.write = write, r.arrive = arrive,
  r.column = col;
  return r;
}

std::vector<BankDramTiming::Issued> run(BankDramTiming& ch,
                                        std::vector<DramCompletion>* done = nullptr,
                                        uint64_t until = 5000) {
  std::vector<DramCompletion> d;
  ch.advance(until, d);
  if (done) *done = d;
  return ch.log();
}

uint64_t at(const std::vector<BankDramTiming::Issued>& log, Cmd c, int nth = 0) {
  for (const auto& e : log)
    if (e.cmd == c && nth-- == 0) return e.cycle;
  ADD_FAILURE() << "command not issued";
  return 0;
}

BankDramTiming channel(DramTimings t = ddr4(), PagePolicy p = PagePolicy::Open) {
  BankDramTiming ch(org(), t, p, 64);
  ch.keep_log(true);
  return ch;
}

}  // namespace

TEST(DramBank, ReadLatencyIsTrcdPlusTclPlusBurst) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 5));
  std::vector<DramCompletion> done;
  auto log = run(ch, &done);
  EXPECT_EQ(at(log, Cmd::ACT), 0u);
  EXPECT_EQ(at(log, Cmd::RD), 22u);  // tRCD
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].done, 22u + 22 + 4);  // + tCL + burst
  EXPECT_EQ(ch.row_misses(), 1u);
}

TEST(DramBank, RowConflictWaitsTrasThenTrp) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 5));
  ch.enqueue(req(2, 0, 0, 9));
  auto log = run(ch);
  EXPECT_EQ(at(log, Cmd::PRE), 52u);          // tRAS after the ACT (tRTP after RD at 22 is earlier)
  EXPECT_EQ(at(log, Cmd::ACT, 1), 52u + 22);  // tRP after the PRE
  EXPECT_EQ(ch.row_conflicts(), 1u);
}

TEST(DramBank, TrcBindsWhenLongerThanTrasPlusTrp) {
  DramTimings t = ddr4();
  t.tRC = 90;
  auto ch = channel(t);
  ch.enqueue(req(1, 0, 0, 5));
  ch.enqueue(req(2, 0, 0, 9));
  auto log = run(ch);
  EXPECT_EQ(at(log, Cmd::ACT, 1), 90u);
}

TEST(DramBank, TrtpAndTwrDelayPrecharge) {
  DramTimings t = ddr4();
  t.tRAS = 23;  // let the read-to-precharge time bind
  t.tRC = 45;
  auto ch = channel(t);
  ch.enqueue(req(1, 0, 0, 5));
  ch.enqueue(req(2, 0, 0, 9));
  auto log = run(ch);
  EXPECT_EQ(at(log, Cmd::PRE), 22u + 12);  // RD at 22 + tRTP
  auto w = channel(t);
  w.enqueue(req(1, 0, 0, 5, true));
  w.enqueue(req(2, 0, 0, 9));
  auto wl = run(w);
  EXPECT_EQ(at(wl, Cmd::WR), 22u);
  EXPECT_EQ(at(wl, Cmd::PRE), 22u + 16 + 4 + 24);  // WR + tCWL + burst + tWR
}

TEST(DramBank, TccdShortAndLong) {
  auto ch = channel();
  // Open rows in bank groups 0 and 1, then three reads: bg0, bg1 (tCCD_S), bg1 again (tCCD_L).
  ch.enqueue(req(1, 0, 0, 1));
  ch.enqueue(req(2, 1, 0, 1));
  ch.enqueue(req(3, 1, 0, 1, false, 0, 1));
  auto log = run(ch);
  uint64_t r0 = at(log, Cmd::RD, 0), r1 = at(log, Cmd::RD, 1), r2 = at(log, Cmd::RD, 2);
  EXPECT_EQ(r1 - r0, 4u);  // different bank groups: tCCD_S
  EXPECT_EQ(r2 - r1, 8u);  // same bank group: tCCD_L
}

TEST(DramBank, TrrdShortAndLong) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 1));
  ch.enqueue(req(2, 1, 0, 1));  // other group: tRRD_S
  ch.enqueue(req(3, 1, 1, 1));  // same group as the previous: tRRD_L
  auto log = run(ch);
  EXPECT_EQ(at(log, Cmd::ACT, 1) - at(log, Cmd::ACT, 0), 4u);
  EXPECT_EQ(at(log, Cmd::ACT, 2) - at(log, Cmd::ACT, 1), 8u);
}

TEST(DramBank, TfawLimitsFourActivates) {
  DramTimings t = ddr4();
  t.tRCD = 40;  // keep the reads off the command bus while the ACTs go out
  t.tRAS = 60, t.tRC = 82;
  auto ch = channel(t);
  for (uint32_t i = 0; i < 5; ++i) ch.enqueue(req(i, i % 4, i / 4, 1));
  auto log = run(ch);
  // Four ACTs every tRRD_S = 4 cycles (0, 4, 8, 12), then the fifth waits for tFAW after the first.
  EXPECT_EQ(at(log, Cmd::ACT, 3), 12u);
  EXPECT_EQ(at(log, Cmd::ACT, 4), 34u);
}

TEST(DramBank, WriteToReadTurnaround) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 1));
  ch.enqueue(req(2, 1, 0, 1));
  auto log0 = run(ch, nullptr, 100);  // rows open, reads done
  ch.enqueue(req(3, 0, 0, 1, true, 200));
  ch.enqueue(req(4, 1, 0, 1, false, 200));  // other group: tWTR_S
  auto log = run(ch);
  uint64_t wr = at(log, Cmd::WR), rd = at(log, Cmd::RD, 2);
  EXPECT_EQ(wr, 200u);
  EXPECT_EQ(rd, wr + 16 + 4 + 4);  // tCWL + burst + tWTR_S
  ch.enqueue(req(5, 0, 0, 1, true, 400));
  ch.enqueue(req(6, 0, 0, 1, false, 400, 3));  // same group: tWTR_L
  log = run(ch);
  EXPECT_EQ(at(log, Cmd::RD, 3), at(log, Cmd::WR, 1) + 16 + 4 + 12);
}

TEST(DramBank, RefreshEveryTrefiBlocksForTrfc) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 1, false, 12480 + 10));  // arrives while the refresh is due
  auto log = run(ch, nullptr, 20000);
  uint64_t ref = at(log, Cmd::REF);
  EXPECT_EQ(ref, 12480u);                   // bank closed and idle: REF right at tREFI
  EXPECT_EQ(at(log, Cmd::ACT), ref + 560);  // nothing activates during tRFC
  EXPECT_EQ(ch.refreshes(), 1u);
  EXPECT_EQ(ch.refresh_stall_cycles(), 560u);
}

TEST(DramBank, RefreshClosesOpenRowsFirst) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 1, false, 12000));
  run(ch, nullptr, 12400);
  ch.enqueue(req(2, 0, 0, 1, false, 12500));
  auto log = run(ch, nullptr, 20000);
  EXPECT_EQ(at(log, Cmd::PREA), 12480u);
  EXPECT_EQ(at(log, Cmd::REF), 12480u + 22);  // tRP after the precharge-all
}

TEST(DramBank, ClosedPagePrechargesAfterAccess) {
  auto ch = channel(ddr4(), PagePolicy::Closed);
  ch.enqueue(req(1, 0, 0, 5));
  run(ch);
  ch.enqueue(req(2, 0, 0, 5, false, 200));  // same row again: a miss under the closed policy
  auto log = run(ch);
  EXPECT_EQ(at(log, Cmd::ACT, 1), 200u);
  EXPECT_EQ(ch.row_misses(), 2u);
  EXPECT_EQ(ch.row_hits(), 0u);
}

TEST(DramBank, FrFcfsServesRowHitsFirst) {
  auto ch = channel();
  ch.enqueue(req(1, 0, 0, 5));
  run(ch, nullptr, 30);                        // row 5 open
  ch.enqueue(req(2, 0, 0, 9, false, 100));     // older, conflicts
  ch.enqueue(req(3, 0, 0, 5, false, 101, 1));  // younger, hits
  std::vector<DramCompletion> done;
  run(ch, &done);
  ASSERT_GE(done.size(), 2u);
  EXPECT_EQ(done[done.size() - 2].id, 3u);  // the hit finished before the conflict
}

TEST(DramBank, StreamingReachesPeakLessRefreshAndRowSwitches) {
  // Sequential reads with bank groups in the lowest address bits (as DDR4 mappings do):
  // consecutive bursts alternate groups, so the data bus (4 cycles per burst) is the bound.
  auto ch = channel();
  ch.keep_log(false);
  const uint64_t n = 40000;
  uint64_t id = 0;
  std::vector<DramCompletion> done;
  uint64_t t = 0, last = 0;
  while (done.size() < n) {
    while (!ch.full() && id < n) {
      uint64_t b = id;
      uint32_t bg = static_cast<uint32_t>(b % 4), col = static_cast<uint32_t>((b / 4) % 128);
      uint32_t bank = static_cast<uint32_t>((b / 512) % 4);
      ch.enqueue(req(id++, bg, bank, b / 2048, false, t, col));
    }
    t += 50;
    ch.advance(t, done);
  }
  for (const auto& d : done) last = std::max(last, d.done);
  // Expected: n bursts x 4 cycles, stretched by refresh. Each refresh (every tREFI = 12480)
  // costs tRFC = 560 plus closing and reopening rows (tRP + tRCD) and draining the read
  // pipeline (tCL): (560 + 22 + 22 + 22) / 12480 = 5.0%. Row switches overlap with other banks.
  double ideal = static_cast<double>(n) * 4;
  double expected = ideal / (1.0 - (560.0 + 22 + 22 + 22) / 12480.0);
  EXPECT_GE(static_cast<double>(last), ideal);
  EXPECT_LE(static_cast<double>(last), expected * 1.01 + 200);
  EXPECT_GT(ch.row_hits(), n * 120 / 128);
}

TEST(DramBank, RandomAccessMissRate) {
  // Uniform random rows over 16 banks x 65536 rows: almost every access opens a new row.
  std::mt19937_64 rng(3);
  auto ch = channel();
  ch.keep_log(false);
  std::vector<DramCompletion> done;
  uint64_t t = 0, id = 0;
  while (id < 4000) {
    while (!ch.full() && id < 4000) {
      uint32_t bank = static_cast<uint32_t>(rng() % 16);
      ch.enqueue(req(id++, bank % 4, bank / 4, rng() % 65536, false, t));
    }
    t += 200;
    ch.advance(t, done);
  }
  ch.advance(t + 100000, done);
  double hit_rate = static_cast<double>(ch.row_hits()) / 4000.0;
  EXPECT_LT(hit_rate, 0.01);  // expected 1/65536 per access
  EXPECT_EQ(ch.row_hits() + ch.row_misses() + ch.row_conflicts(), 4000u);
}

TEST(DramBank, TimingSetsAreChecked) {
  DramTimings t = ddr4();
  EXPECT_EQ(check_dram_timings(t), "");
  t.tRC = t.tRAS + t.tRP - 1;
  EXPECT_NE(check_dram_timings(t).find("tRC"), std::string::npos);
  t = ddr4();
  t.tREFI = 100;
  EXPECT_NE(check_dram_timings(t).find("tREFI"), std::string::npos);
}
