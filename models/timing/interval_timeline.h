// Busy intervals of a resource without a clock of its own (a DRAM channel's data bus in the simple
// model moves bytes at a fluid rate): bookings in femtoseconds that may arrive out of time order,
// each taking the earliest gap at or after its arrival that is long enough (see busy_timeline.h
// for why, and for the clocked resources' bitmap). A ring of disjoint intervals sorted by time:
// appends are O(1), the past is dropped in O(1), an earlier booking inserts near the end.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/timing/clock.h"

namespace tessera {

class IntervalTimeline {
 public:
  // Books `d` femtoseconds starting no earlier than `t`; returns the start. Intervals that ended
  // before `horizon` are forgotten (no booking can start before it any more).
  SimTime reserve(SimTime t, SimTime d, SimTime horizon) {
    forget_before(horizon);
    if (d == 0) return t;
    if (size_ == 0 || t >= at(size_ - 1).end) {  // after everything booked: append
      if (size_ > 0 && at(size_ - 1).end == t) {
        at(size_ - 1).end = t + d;
      } else {
        push_back({t, t + d});
      }
      return t;
    }
    size_t i = first_after(t);
    // Find the first gap of length d at or after t. A saturated resource has a long booked future
    // cut by gaps too short for anything; after kSearch intervals the booking goes to the end of
    // the timeline (what a first-come queue would do) instead of scanning all of them.
    for (int n = 0; i < size_ && at(i).start < t + d; ++n) {
      if (n == kSearch) {
        t = std::max(t, at(size_ - 1).end);
        i = size_;
        break;
      }
      t = std::max(t, at(i).end);
      ++i;
    }
    const SimTime end = t + d;
    const bool joins_prev = i > 0 && at(i - 1).end == t;
    const bool joins_next = i < size_ && at(i).start == end;
    if (joins_prev && joins_next) {
      at(i - 1).end = at(i).end;
      erase_at(i);
    } else if (joins_prev) {
      at(i - 1).end = end;
    } else if (joins_next) {
      at(i).start = t;
    } else {
      insert_at(i, {t, end});
    }
    return t;
  }

  // The start reserve() would give, without booking.
  SimTime earliest(SimTime t, SimTime d) const {
    if (size_ == 0 || t >= at(size_ - 1).end) return t;
    size_t i = first_after(t);
    for (int n = 0; i < size_ && at(i).start < t + d; ++i, ++n) {
      if (n == kSearch) return std::max(t, at(size_ - 1).end);
      t = std::max(t, at(i).end);
    }
    return t;
  }

  void forget_before(SimTime horizon) {
    while (size_ > 0 && at(0).end <= horizon) {
      head_ = (head_ + 1) & mask_;
      --size_;
    }
  }
  size_t intervals() const { return size_; }

 private:
  struct Interval {
    SimTime start, end;
  };
  Interval& at(size_t i) { return ring_[(head_ + i) & mask_]; }
  const Interval& at(size_t i) const { return ring_[(head_ + i) & mask_]; }
  void grow() {
    std::vector<Interval> bigger(ring_.empty() ? 16 : ring_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = at(i);
    ring_.swap(bigger);
    head_ = 0;
    mask_ = ring_.size() - 1;
  }
  void push_back(Interval iv) {
    if (size_ == ring_.size()) grow();
    at(size_++) = iv;
  }
  void insert_at(size_t i, Interval iv) {
    if (size_ == ring_.size()) grow();
    for (size_t k = size_; k > i; --k) at(k) = at(k - 1);
    at(i) = iv;
    ++size_;
  }
  void erase_at(size_t i) {
    for (size_t k = i; k + 1 < size_; ++k) at(k) = at(k + 1);
    --size_;
  }
  // Index of the first interval that ends after t.
  size_t first_after(SimTime t) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (at(mid).end <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
  static constexpr int kSearch = 16;
  std::vector<Interval> ring_;  // capacity a power of two
  size_t head_ = 0, size_ = 0, mask_ = 0;
};

}  // namespace tessera
