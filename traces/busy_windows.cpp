#include "traces/busy_windows.h"

#include <algorithm>
#include <cmath>

namespace tessera {

BusyWindows::BusyWindows(size_t series, size_t max_windows, double first_width_s)
    : max_(std::max<size_t>(2, max_windows & ~size_t{1})),
      width_(first_width_s),
      busy_(series * max_, 0.0),
      used_(series, false) {}

void BusyWindows::coarsen() {
  for (size_t s = 0; s < used_.size(); ++s) {
    double* b = &busy_[s * max_];
    for (size_t w = 0; w < max_ / 2; ++w) b[w] = b[2 * w] + b[2 * w + 1];
    std::fill(b + max_ / 2, b + max_, 0.0);
  }
  width_ *= 2;
  used_windows_ = (used_windows_ + 1) / 2;
}

void BusyWindows::add(size_t series, double start_s, double end_s) {
  if (!(end_s > start_s) || start_s < 0) return;
  while (end_s > width_ * static_cast<double>(max_)) coarsen();
  used_[series] = true;
  double t = start_s;
  for (size_t w = std::min(max_ - 1, static_cast<size_t>(t / width_)); t < end_s; ++w) {
    // The last window takes the rest (end_s fits by construction); rounding at a boundary only
    // moves on to the next window.
    const double window_end =
        w + 1 == max_ ? end_s : std::min(end_s, width_ * static_cast<double>(w + 1));
    if (window_end > t) {
      busy_[series * max_ + w] += window_end - t;
      used_windows_ = std::max(used_windows_, w + 1);
      t = window_end;
    }
    if (w + 1 == max_) break;
  }
}

}  // namespace tessera
