#include "models/dram_bank/bank_dram_timing.h"

#include <algorithm>
#include <limits>

namespace tessera {

namespace {
constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();
}

std::string check_dram_timings(const DramTimings& t) {
  if (t.tRC < t.tRAS + t.tRP) return "tRC must be at least tRAS + tRP";
  if (t.tRAS < t.tRCD) return "tRAS must be at least tRCD";
  if (t.tCCD_L < t.tCCD_S) return "tCCD_L must be at least tCCD_S";
  if (t.tRRD_L < t.tRRD_S) return "tRRD_L must be at least tRRD_S";
  if (t.tWTR_L < t.tWTR_S) return "tWTR_L must be at least tWTR_S";
  if (t.tREFI <= t.tRFC) return "tREFI must exceed tRFC";
  if (t.tCCD_S < t.burst_cycles) return "tCCD_S must cover one burst on the data bus";
  if (t.tRCD == 0 || t.tRP == 0 || t.tCL == 0 || t.tRAS == 0 || t.tRFC == 0)
    return "timings must be positive";
  return "";
}

BankDramTiming::BankDramTiming(const DramOrganization& org, const DramTimings& t, PagePolicy policy,
                               uint32_t queue_depth)
    : org_(org),
      t_(t),
      policy_(policy),
      depth_(queue_depth),
      banks_(org.banks()),
      ranks_(org.ranks) {
  for (uint32_t r = 0; r < org.ranks; ++r) {
    Rank& rk = ranks_[r];
    rk.next_act_bg.assign(org.bank_groups, 0);
    rk.next_col_bg.assign(org.bank_groups, 0);
    rk.next_rd_after_wr_bg.assign(org.bank_groups, 0);
    // Ranks refresh in turn, spread over one interval (as controllers stagger them).
    rk.next_refresh = t.tREFI + static_cast<uint64_t>(r) * t.tREFI / org.ranks;
  }
}

void BankDramTiming::enqueue(const DramRequest& r) {
  queue_.push_back(Queued{r, flat(r)});
  // The new request can only make the next command earlier; its own earliest time bounds it.
  Cmd c;
  uint64_t t = earliest(queue_.back(), &c);
  next_hint_ = std::min(next_hint_, t == kNever ? std::max(now_, r.arrive) : t);
}

uint64_t BankDramTiming::earliest_act(const Rank& rk, const Bank& b, uint32_t bg) const {
  uint64_t t = std::max({now_, b.next_act, rk.next_act_any, rk.next_act_bg[bg], rk.busy_until});
  if (rk.act_count >= 4) {
    uint64_t oldest = *std::min_element(rk.last_acts.begin(), rk.last_acts.end());
    t = std::max(t, oldest + t_.tFAW);
  }
  return t;
}

uint64_t BankDramTiming::earliest(const Queued& q, Cmd* cmd) const {
  const DramRequest& r = q.r;
  const Bank& b = banks_[q.flat_bank];
  const Rank& rk = ranks_[r.rank];
  uint64_t t;
  if (b.open_row == static_cast<int64_t>(r.row)) {
    const uint32_t turn = 1;  // one idle cycle when the data bus changes direction
    if (r.write) {
      *cmd = Cmd::WR;
      uint64_t bus = bus_free_ + (last_was_write_ ? 0 : turn);
      uint64_t by_bus = bus > t_.tCWL ? bus - t_.tCWL : 0;
      t = std::max({now_, r.arrive, b.next_wr, rk.next_col_any, rk.next_col_bg[r.bank_group],
                    by_bus, rk.busy_until});
    } else {
      *cmd = Cmd::RD;
      uint64_t bus = bus_free_ + (last_was_write_ ? turn : 0);
      uint64_t by_bus = bus > t_.tCL ? bus - t_.tCL : 0;
      t = std::max({now_, r.arrive, b.next_rd, rk.next_col_any, rk.next_col_bg[r.bank_group],
                    rk.next_rd_after_wr, rk.next_rd_after_wr_bg[r.bank_group], by_bus,
                    rk.busy_until});
    }
  } else if (b.open_row >= 0) {
    *cmd = Cmd::PRE;
    t = std::max({now_, r.arrive, b.next_pre, rk.busy_until});
  } else {
    *cmd = Cmd::ACT;
    t = std::max(earliest_act(rk, b, r.bank_group), r.arrive);
  }
  // Nothing new starts on a rank whose refresh is due first.
  if (t >= rk.next_refresh) return kNever;
  return t;
}

uint64_t BankDramTiming::earliest_refresh_step(uint32_t rank, Cmd* cmd, uint32_t* bank) const {
  const Rank& rk = ranks_[rank];
  uint64_t t = std::max(now_, rk.next_refresh);
  bool any_open = false;
  uint64_t pre_ready = 0, act_ready = 0;
  uint32_t per_rank = org_.bank_groups * org_.banks_per_group;
  for (uint32_t i = 0; i < per_rank; ++i) {
    const Bank& b = banks_[rank * per_rank + i];
    if (b.open_row >= 0) {
      any_open = true;
      pre_ready = std::max(pre_ready, b.next_pre);
    }
    act_ready = std::max(act_ready, b.next_act);
  }
  *bank = rank * per_rank;
  if (any_open) {
    *cmd = Cmd::PREA;
    return std::max(t, pre_ready);
  }
  *cmd = Cmd::REF;
  return std::max({t, act_ready, rk.busy_until});
}

bool BankDramTiming::other_hits_pending(uint32_t flat_bank, int64_t row, size_t except) const {
  for (size_t i = 0; i < queue_.size(); ++i)
    if (i != except && queue_[i].flat_bank == flat_bank &&
        static_cast<int64_t>(queue_[i].r.row) == row)
      return true;
  return false;
}

void BankDramTiming::issue(uint64_t t, Cmd cmd, uint32_t fb, uint32_t rank, uint32_t bg,
                           uint64_t row, bool write) {
  Bank& b = banks_[fb];
  Rank& rk = ranks_[rank];
  if (log_on_) log_.push_back({t, cmd, fb});
  switch (cmd) {
    case Cmd::ACT:
      b.open_row = static_cast<int64_t>(row);
      b.act_at = t;
      b.next_rd = b.next_wr = t + t_.tRCD;
      b.next_pre = std::max(b.next_pre, t + t_.tRAS);
      b.next_act = std::max(b.next_act, t + t_.tRC);
      rk.next_act_any = std::max(rk.next_act_any, t + t_.tRRD_S);
      rk.next_act_bg[bg] = std::max(rk.next_act_bg[bg], t + t_.tRRD_L);
      rk.last_acts[rk.act_count % 4] = t;
      rk.act_count++;
      activates_++;
      break;
    case Cmd::PRE:
      b.open_row = -1;
      b.next_act = std::max(b.next_act, t + t_.tRP);
      break;
    case Cmd::RD:
    case Cmd::WR: {
      uint64_t data_start = t + (write ? t_.tCWL : t_.tCL);
      rk.next_col_any = std::max(rk.next_col_any, t + t_.tCCD_S);
      rk.next_col_bg[bg] = std::max(rk.next_col_bg[bg], t + t_.tCCD_L);
      bus_free_ = data_start + t_.burst_cycles;
      bus_busy_ += t_.burst_cycles;
      last_was_write_ = write;
      if (write) {
        uint64_t end = data_start + t_.burst_cycles;
        b.next_pre = std::max(b.next_pre, end + t_.tWR);
        rk.next_rd_after_wr = std::max(rk.next_rd_after_wr, end + t_.tWTR_S);
        rk.next_rd_after_wr_bg[bg] = std::max(rk.next_rd_after_wr_bg[bg], end + t_.tWTR_L);
      } else {
        b.next_pre = std::max(b.next_pre, t + t_.tRTP);
      }
      break;
    }
    case Cmd::PREA: {
      uint32_t per_rank = org_.bank_groups * org_.banks_per_group;
      for (uint32_t i = 0; i < per_rank; ++i) {
        Bank& x = banks_[rank * per_rank + i];
        if (x.open_row >= 0) {
          x.open_row = -1;
          x.next_act = std::max(x.next_act, t + t_.tRP);
        }
      }
      break;
    }
    case Cmd::REF: {
      uint32_t per_rank = org_.bank_groups * org_.banks_per_group;
      rk.busy_until = t + t_.tRFC;
      for (uint32_t i = 0; i < per_rank; ++i)
        banks_[rank * per_rank + i].next_act =
            std::max(banks_[rank * per_rank + i].next_act, t + t_.tRFC);
      refresh_stall_ += rk.busy_until - rk.next_refresh;
      rk.next_refresh += t_.tREFI;
      refreshes_++;
      break;
    }
  }
  now_ = t + 1;  // one command per cycle
}

BankDramTiming::Choice BankDramTiming::pick() const {
  Choice best;
  // Refresh steps first: they have priority over requests at the same cycle.
  for (uint32_t r = 0; r < org_.ranks; ++r) {
    Cmd c;
    uint32_t b;
    uint64_t t = earliest_refresh_step(r, &c, &b);
    if (t < best.t) best = Choice{t, true, c, r, b, 0};
  }
  // Queued row hits per bank: a precharge must not close a row that others are about to hit.
  hits_per_bank_.assign(banks_.size(), 0);
  for (const auto& q : queue_)
    if (banks_[q.flat_bank].open_row == static_cast<int64_t>(q.r.row))
      hits_per_bank_[q.flat_bank]++;
  // FR-FCFS: the earliest-ready command; among those ready at the same cycle, row hits first,
  // then the oldest request.
  bool best_hit = false;
  for (size_t i = 0; i < queue_.size(); ++i) {
    Cmd c;
    uint64_t t = earliest(queue_[i], &c);
    if (t == kNever) continue;
    bool hit = c == Cmd::RD || c == Cmd::WR;
    if (c == Cmd::PRE && hits_per_bank_[queue_[i].flat_bank] > 0) continue;
    if (t < best.t || (t == best.t && !best.refresh && hit && !best_hit)) {
      best = Choice{t, false, c, 0, 0, i};
      best_hit = hit;
    }
  }
  return best;
}

uint64_t BankDramTiming::next_event() const {
  uint64_t best = kNever;
  for (const auto& c : in_flight_) best = std::min(best, c.done);
  if (queue_.empty()) return best;  // idle: refreshes happen lazily when work arrives
  return std::min(best, next_hint_);
}

void BankDramTiming::advance(uint64_t until, std::vector<DramCompletion>& done) {
  while (true) {
    Choice ch = pick();
    if (ch.t == kNever || ch.t > until) {
      next_hint_ = ch.t;
      break;
    }
    if (ch.refresh) {
      issue(ch.t, ch.cmd, ch.bank, ch.rank, 0, 0, false);
      continue;
    }
    Queued& q = queue_[ch.request];
    const DramRequest r = q.r;
    const bool hit = ch.cmd == Cmd::RD || ch.cmd == Cmd::WR;
    if (q.outcome == Outcome::Unknown)
      q.outcome = ch.cmd == Cmd::PRE   ? Outcome::Conflict
                  : ch.cmd == Cmd::ACT ? Outcome::Miss
                                       : Outcome::Hit;
    issue(ch.t, ch.cmd, q.flat_bank, r.rank, r.bank_group, r.row, r.write);
    if (!hit) continue;
    switch (q.outcome) {
      case Outcome::Hit:
        row_hits_++;
        break;
      case Outcome::Miss:
        row_misses_++;
        break;
      default:
        row_conflicts_++;
        break;
    }
    (r.write ? writes_ : reads_)++;
    uint64_t end = ch.t + (r.write ? t_.tCWL : t_.tCL) + t_.burst_cycles;
    in_flight_.push_back({r.id, end, r.write});
    uint32_t fb = q.flat_bank;
    queue_.erase(queue_.begin() + static_cast<long>(ch.request));
    if (policy_ == PagePolicy::Closed &&
        !other_hits_pending(fb, static_cast<int64_t>(r.row), kNever)) {
      // Auto-precharge: the bank closes as soon as tRAS and the read/write recovery allow.
      Bank& b = banks_[fb];
      uint64_t pre_at = std::max(b.next_pre, b.act_at + t_.tRAS);
      b.open_row = -1;
      b.next_act = std::max(b.next_act, pre_at + t_.tRP);
    }
  }
  // Transfers whose data finished by `until`, in completion order.
  std::stable_sort(
      in_flight_.begin(), in_flight_.end(),
      [](const DramCompletion& a, const DramCompletion& b) { return a.done < b.done; });
  size_t n = 0;
  while (n < in_flight_.size() && in_flight_[n].done <= until) done.push_back(in_flight_[n++]);
  in_flight_.erase(in_flight_.begin(), in_flight_.begin() + static_cast<long>(n));
}

}  // namespace tessera
