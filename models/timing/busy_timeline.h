// A resource's busy intervals, for reservations that arrive out of time order. Requesters in a
// loosely-timed model book a resource at the time their request will reach it, which may be
// after a later-booked request's time slot; first-come-first-served on the booking order would
// make an early request wait behind a later one (a "next free time" model). Here a booking takes
// the earliest gap at or after its arrival that is long enough, so idle time between bookings is
// used and arrival order, not booking order, decides.
//
// Stored as a sorted vector of disjoint intervals: bookings cluster near the present, so inserts
// land near the end and intervals that ended before the present are dropped from the front.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/timing/clock.h"

namespace tessera {

class BusyTimeline {
 public:
  // Books `d` femtoseconds starting no earlier than `t`; returns the start. Intervals that ended
  // before `horizon` are forgotten (no booking can start before it any more).
  SimTime reserve(SimTime t, SimTime d, SimTime horizon) {
    forget_before(horizon);
    if (d == 0) return t;
    size_t i = first_after(t);
    // Find the first gap of length d at or after t. A saturated resource has a long booked future
    // cut by gaps too short for anything; after kSearch intervals the booking goes to the end of
    // the timeline (what a first-come queue would do) instead of scanning all of them.
    for (int n = 0; i < busy_.size() && busy_[i].first < t + d; ++n) {
      if (n == kSearch) {
        t = std::max(t, busy_.back().second);
        i = busy_.size();
        break;
      }
      t = std::max(t, busy_[i].second);
      ++i;
    }
    // Insert [t, t + d) before busy_[i], merging with touching neighbours.
    const SimTime end = t + d;
    bool joins_prev = i > head_ && busy_[i - 1].second == t;
    bool joins_next = i < busy_.size() && busy_[i].first == end;
    if (joins_prev && joins_next) {
      busy_[i - 1].second = busy_[i].second;
      busy_.erase(busy_.begin() + static_cast<long>(i));
    } else if (joins_prev) {
      busy_[i - 1].second = end;
    } else if (joins_next) {
      busy_[i].first = t;
    } else {
      busy_.insert(busy_.begin() + static_cast<long>(i), {t, end});
    }
    return t;
  }

  // The start reserve() would give, without booking.
  SimTime earliest(SimTime t, SimTime d) const {
    size_t i = first_after(t);
    for (int n = 0; i < busy_.size() && busy_[i].first < t + d; ++i, ++n) {
      if (n == kSearch) return std::max(t, busy_.back().second);
      t = std::max(t, busy_[i].second);
    }
    return t;
  }

  void forget_before(SimTime horizon) {
    while (head_ < busy_.size() && busy_[head_].second <= horizon) ++head_;
    if (head_ > 64 && head_ * 2 > busy_.size()) {  // compact now and then
      busy_.erase(busy_.begin(), busy_.begin() + static_cast<long>(head_));
      head_ = 0;
    }
  }
  size_t intervals() const { return busy_.size() - head_; }

 private:
  // Index of the first interval that ends after t.
  size_t first_after(SimTime t) const {
    auto it = std::upper_bound(busy_.begin() + static_cast<long>(head_), busy_.end(), t,
                               [](SimTime v, const std::pair<SimTime, SimTime>& iv) { return v < iv.second; });
    return static_cast<size_t>(it - busy_.begin());
  }
  static constexpr int kSearch = 16;
  std::vector<std::pair<SimTime, SimTime>> busy_;  // disjoint, sorted by start (and so by end)
  size_t head_ = 0;                                 // intervals before this index have ended
};

}  // namespace tessera
