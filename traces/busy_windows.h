// Busy time of many series (links, channels) in fixed-width time windows, with bounded memory:
// when an interval runs past the last window, neighbouring windows merge and the width doubles,
// so a series never holds more than `max_windows` numbers however long the run. Used to draw
// utilization counters without knowing the run's length in advance.
#pragma once

#include <cstddef>
#include <vector>

namespace tessera {

class BusyWindows {
 public:
  BusyWindows(size_t series, size_t max_windows = 256, double first_width_s = 1e-6);

  void add(size_t series, double start_s, double end_s);

  double width_s() const { return width_; }
  size_t windows_used() const { return used_windows_; }     // windows up to the latest busy end
  bool used(size_t series) const { return used_[series]; }  // any busy time at all
  double busy_s(size_t series, size_t window) const { return busy_[series * max_ + window]; }
  size_t series() const { return used_.size(); }

 private:
  void coarsen();  // merge window pairs, double the width

  size_t max_;
  double width_;
  size_t used_windows_ = 0;
  std::vector<double> busy_;  // series x max_
  std::vector<bool> used_;
};

}  // namespace tessera
