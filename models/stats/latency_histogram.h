// Latency distribution in constant memory: log-linear buckets (128 per power of two, so any
// percentile is within 1/128 of the recorded value) instead of one sample per request, which
// cost 4 bytes per DRAM request (gigabytes on a large training run).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tessera {

class LatencyHistogram {
 public:
  void add(uint64_t v) {
    const size_t b = bucket(v);
    if (b >= counts_.size()) counts_.resize(b + 1, 0);
    ++counts_[b];
    ++n_;
    sum_ += static_cast<double>(v);
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }
  uint64_t count() const { return n_; }
  double mean() const { return n_ ? sum_ / static_cast<double>(n_) : 0; }
  // Nearest-rank percentile (q in (0, 1]): the middle of the bucket that holds it, clamped to
  // the smallest and largest values seen.
  double percentile(double q) const {
    if (n_ == 0) return 0;
    uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(n_) + 0.999999);
    rank = std::max<uint64_t>(1, std::min(rank, n_));
    uint64_t seen = 0;
    for (size_t b = 0; b < counts_.size(); ++b) {
      seen += counts_[b];
      if (seen >= rank) {
        const double mid =
            0.5 * (static_cast<double>(lower(b)) + static_cast<double>(lower(b + 1) - 1));
        return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
      }
    }
    return static_cast<double>(max_);
  }

 private:
  static constexpr int kSubBits = 7;  // 128 linear buckets per power of two
  static size_t bucket(uint64_t v) {
    if (v < (1u << kSubBits)) return static_cast<size_t>(v);
    const int e = 63 - __builtin_clzll(v) - kSubBits;  // v >> e is in [128, 256)
    return static_cast<size_t>((e + 1) << kSubBits) +
           static_cast<size_t>((v >> e) - (1u << kSubBits));
  }
  static uint64_t lower(size_t b) {  // smallest value of bucket b
    if (b < (1u << kSubBits)) return b;
    const int e = static_cast<int>(b >> kSubBits) - 1;
    return (static_cast<uint64_t>(b & ((1u << kSubBits) - 1)) + (1u << kSubBits)) << e;
  }

  std::vector<uint64_t> counts_;
  uint64_t n_ = 0;
  double sum_ = 0;
  uint64_t min_ = UINT64_MAX, max_ = 0;
};

}  // namespace tessera
