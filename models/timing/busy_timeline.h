// A clocked resource's busy cycles, for reservations that arrive out of time order. Requesters
// book a resource at the time their request will reach it, which may be before a booking made
// earlier (a transfer booked ahead, another core's transfer booked later for an earlier time);
// first-come first-served on the booking order would make the early request wait behind the
// later one. Here a booking takes the earliest gap at or after its arrival that is long enough,
// so idle time between bookings is used and arrival order, not booking order, decides. The search
// passes at most kSearch busy runs before it goes to the end of the timeline (a bound on the work
// for a pathological future of tiny gaps; transfers booked ahead leave many small gaps that later
// bookings must be able to use, so the bound is large).
//
// Every booking of a clocked resource starts on its clock edge and lasts whole cycles, so the
// timeline is a bitmap of cycles (a ring of 64-bit words from the present on): a booking is a few
// word operations wherever it lands, finding a gap skips a word of busy or free cycles at a time,
// and the past is dropped a word at a time. A summary bitmap marks the words that are entirely
// busy, so a long busy stretch (a PE array holding a buffer port for a whole tile) is skipped 64
// words at a time. Times in and out are femtoseconds, multiples of the period given at
// construction.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/timing/clock.h"

namespace tessera {

class BusyTimeline {
 public:
  explicit BusyTimeline(SimTime period = 1) : clock_(Clock::from_period(period)) {}

  // Books `d` femtoseconds starting no earlier than `t`; returns the start. Cycles before
  // `horizon` are forgotten (no booking can start before it any more).
  SimTime reserve(SimTime t, SimTime d, SimTime horizon) {
    forget_before(horizon);
    if (d == 0) return t;
    const uint64_t n = clock_.cycles_covering(d);
    const uint64_t start = find(clock_.whole_cycles(t), n);
    mark(start, n);
    return clock_.cycles(start);
  }

  // The start reserve() would give, without booking.
  SimTime earliest(SimTime t, SimTime d) const {
    if (d == 0) return t;
    return clock_.cycles(find(clock_.whole_cycles(t), clock_.cycles_covering(d)));
  }

  void forget_before(SimTime horizon) {
    const uint64_t word = clock_.whole_cycles(horizon) / 64;
    if (word <= base_) return;
    const uint64_t end_word = (end_ + 63) / 64;
    for (uint64_t w = base_; w < std::min(word, end_word) && w < base_ + words_.size(); ++w) {
      words_[w & mask_] = 0;
      set_full(w, false);
    }
    base_ = word;
  }

  // Busy runs still remembered (for tests).
  size_t intervals() const {
    size_t runs = 0;
    bool busy = false;
    for (uint64_t c = base_ * 64; c < end_; ++c) {
      const bool b = is_busy(c);
      runs += b && !busy;
      busy = b;
    }
    return runs;
  }

 private:
  static constexpr int kSearch = 4096;

  bool is_busy(uint64_t c) const {
    if (c < base_ * 64 || c >= end_) return false;
    return (words_[(c / 64) & mask_] >> (c % 64)) & 1;
  }
  uint64_t word_at(uint64_t w) const {
    return w < base_ || w >= base_ + words_.size() ? 0 : words_[w & mask_];
  }

  // First busy cycle in [from, limit), or limit.
  uint64_t next_busy(uint64_t from, uint64_t limit) const {
    const uint64_t stop = std::min(limit, end_);
    for (uint64_t c = std::max(from, base_ * 64); c < stop;) {
      const uint64_t w = word_at(c / 64) & (~uint64_t(0) << (c % 64));
      if (w) {
        const uint64_t b = (c & ~uint64_t(63)) + static_cast<uint64_t>(__builtin_ctzll(w));
        return b < stop ? b : limit;
      }
      c = (c & ~uint64_t(63)) + 64;
    }
    return limit;
  }
  // First free cycle at or after `from`.
  uint64_t next_free(uint64_t from) const {
    uint64_t c = from;
    while (c < end_) {
      const uint64_t bits = ~word_at(c / 64) & (~uint64_t(0) << (c % 64));
      if (bits) return (c & ~uint64_t(63)) + static_cast<uint64_t>(__builtin_ctzll(bits));
      c = next_not_full_word(c / 64 + 1) * 64;
    }
    return std::max(c, end_);
  }
  // The first word at or after `w` that is not entirely busy (words past the end are free).
  uint64_t next_not_full_word(uint64_t w) const {
    while (w * 64 < end_) {
      const uint64_t open = ~full_word(w / 64) & (~uint64_t(0) << (w % 64));
      if (open) return (w & ~uint64_t(63)) + static_cast<uint64_t>(__builtin_ctzll(open));
      w = (w & ~uint64_t(63)) + 64;
    }
    return w;
  }
  // Summary: bit (w % 64) of full_[(w / 64) & full_mask_] says word w is entirely busy.
  uint64_t full_word(uint64_t sw) const {
    if (sw * 64 + 63 < base_ || sw * 64 >= base_ + words_.size()) return 0;
    uint64_t bits = full_[sw & full_mask_];
    // Only the live words of this summary word count.
    if (sw * 64 < base_) bits &= ~uint64_t(0) << (base_ - sw * 64);
    return bits;
  }
  void set_full(uint64_t w, bool full) {
    uint64_t& bits = full_[(w / 64) & full_mask_];
    const uint64_t bit = uint64_t(1) << (w % 64);
    bits = full ? bits | bit : bits & ~bit;
  }
  // The first run of `n` free cycles at or after cycle `c`.
  uint64_t find(uint64_t c, uint64_t n) const {
    for (int passed = 0; c < end_; ++passed) {
      const uint64_t busy = next_busy(c, c + n);
      if (busy >= c + n) return c;  // free all the way
      if (passed == kSearch) return std::max(c, end_);
      c = next_free(busy);
    }
    return c;
  }
  void mark(uint64_t c, uint64_t n) {
    const uint64_t last_word = (c + n - 1) / 64;
    if (last_word >= base_ + words_.size()) grow(last_word);
    for (uint64_t x = c; x < c + n;) {
      const uint64_t bit = x % 64, take = std::min<uint64_t>(64 - bit, c + n - x);
      if (x / 64 >= base_) {
        const uint64_t m = take == 64 ? ~uint64_t(0) : ((uint64_t(1) << take) - 1) << bit;
        uint64_t& word = words_[(x / 64) & mask_];
        word |= m;
        if (word == ~uint64_t(0)) set_full(x / 64, true);
      }
      x += take;
    }
    end_ = std::max(end_, c + n);
  }
  void grow(uint64_t last_word) {
    size_t cap = words_.empty() ? 16 : words_.size();
    while (last_word >= base_ + cap) cap *= 2;
    std::vector<uint64_t> bigger(cap, 0);
    for (uint64_t w = base_; w < base_ + words_.size(); ++w)
      bigger[w & (cap - 1)] = words_[w & mask_];
    words_.swap(bigger);
    mask_ = cap - 1;
    full_.assign(std::max<size_t>(1, cap / 64), 0);
    full_mask_ = full_.size() - 1;
    for (uint64_t w = base_; w < base_ + cap; ++w)
      if (words_[w & mask_] == ~uint64_t(0)) set_full(w, true);
  }

  Clock clock_;
  std::vector<uint64_t> words_;  // ring: absolute word w at words_[w & mask_], for w >= base_
  uint64_t mask_ = 0;
  std::vector<uint64_t> full_ = std::vector<uint64_t>(1, 0);  // summary of entirely busy words
  uint64_t full_mask_ = 0;
  uint64_t base_ = 0;  // first word remembered
  uint64_t end_ = 0;   // one past the last busy cycle ever booked
};

}  // namespace tessera
