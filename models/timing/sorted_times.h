// A sorted multiset of times that mostly grows at its end and forgets from its front: inserts walk
// back from the end (O(1) for times in order), counts are binary searches, forgetting moves a head
// index and compacts now and then. Used where a queue's occupancy is counted from event times.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "models/timing/clock.h"

namespace tessera {

class SortedTimes {
 public:
  void insert(SimTime t) {
    times_.push_back(t);
    for (size_t i = times_.size() - 1; i > head_ && times_[i - 1] > t; --i)
      std::swap(times_[i - 1], times_[i]);
  }
  // How many times are <= t.
  size_t count_up_to(SimTime t) const {
    return static_cast<size_t>(std::upper_bound(begin(), times_.end(), t) - begin());
  }
  static constexpr SimTime kNone = ~SimTime(0);
  // The first time > t, or kNone.
  SimTime first_after(SimTime t) const {
    const auto it = std::upper_bound(begin(), times_.end(), t);
    return it == times_.end() ? kNone : *it;
  }
  // The i-th smallest (from 0) and the largest; only when size() > i, size() > 0.
  SimTime at(size_t i) const { return times_[head_ + i]; }
  SimTime last() const { return times_.back(); }
  void drop_front(size_t n) {
    head_ += std::min(n, size());
    if (head_ > 1024 && head_ * 2 > times_.size()) {
      times_.erase(times_.begin(), begin());
      head_ = 0;
    }
  }
  size_t size() const { return times_.size() - head_; }

 private:
  std::vector<SimTime>::const_iterator begin() const {
    return times_.begin() + static_cast<std::ptrdiff_t>(head_);
  }
  std::vector<SimTime> times_;
  size_t head_ = 0;
};

}  // namespace tessera
