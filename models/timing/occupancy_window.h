// How many requests a bounded resource (a DMA engine's outstanding window, a DRAM channel's
// request queue) holds at a time, when requests are booked out of time order: a DMA books a
// transfer's bursts ahead of the kernel, so another engine's earlier request may be booked later.
// A FIFO of completion times would make that earlier request wait behind bursts that are not in
// flight yet at its time. Here occupancy at t is the number of requests entered by t minus the
// number that left by t (each leaves after it entered), two counts in two sorted lists, and
// admit() finds the first time with room by stepping from departure to departure.
#pragma once

#include <algorithm>
#include <cstdint>

#include "models/timing/clock.h"
#include "models/timing/sorted_times.h"

namespace tessera {

class OccupancyWindow {
 public:
  static constexpr SimTime kNever = ~SimTime(0);

  explicit OccupancyWindow(uint64_t depth) : depth_(depth) {}

  // The earliest time at or after `t` at which a request finds room; kNever when only a
  // departure not known yet (an entry whose leave() has not come) can make room.
  SimTime admit(SimTime t) const {
    if (entered_.size() < depth_ || occupancy(t) < depth_) return t;
    // Every request booked so far arrived by t: the window stays full until the last of them
    // entered (each one that waited saw it full until then), so the answer is in closed form.
    if (t >= latest_request_) return when_booked_leave_room(t);
    // An earlier request than some booked ones: step from departure to departure until there is
    // room; a backlog longer than kSearch steps takes the closed form (first come, first served).
    SimTime at = t;
    for (int n = 0; occupancy(at) >= depth_; ++n) {
      if (n == kSearch) return when_booked_leave_room(t);
      at = left_.first_after(at);
      if (at == SortedTimes::kNone) return kNever;
    }
    return at;
  }
  // A request made at `requested` entered at `at`; leave() tells when it leaves.
  void enter(SimTime requested, SimTime at) {
    entered_.insert(at);
    latest_request_ = std::max(latest_request_, requested);
  }
  void leave(SimTime at) { left_.insert(at); }
  // Requests in at `t` (entered by t, not left by t).
  uint64_t occupancy(SimTime t) const { return entered_.count_up_to(t) - left_.count_up_to(t); }
  // The first known departure after `t` (kNever: none).
  SimTime next_leave_after(SimTime t) const {
    const SimTime d = left_.first_after(t);
    return d == SortedTimes::kNone ? kNever : d;
  }
  // No request arrives before `now` any more: departures by then no longer matter. Dropping as
  // many of the earliest entries keeps every later occupancy the same.
  void forget_before(SimTime now) {
    const size_t gone = left_.count_up_to(now);
    left_.drop_front(gone);
    entered_.drop_front(gone);
  }

 private:
  static constexpr int kSearch = 8;
  // After the last entry, there is room once all but depth-1 requests have left.
  SimTime when_booked_leave_room(SimTime t) const {
    const size_t need = entered_.size() - depth_;  // this many more departures (0-based index)
    if (need >= left_.size()) return kNever;
    return std::max({t, entered_.last(), left_.at(need)});
  }

  uint64_t depth_;
  SortedTimes entered_, left_;
  SimTime latest_request_ = 0;
};

}  // namespace tessera
