#include "models/l2/l2_timing.h"

#include <algorithm>
#include <cmath>

namespace tessera {

L2Timing::L2Timing(uint64_t size, uint32_t line, uint32_t ways, uint32_t banks, double bpc,
                   Clock clock, uint64_t interleave, WritePolicy policy)
    : line_(line),
      sets_(std::max<uint64_t>(1, size / line / ways)),
      interleave_(interleave ? interleave : line),
      ways_(ways),
      banks_(banks),
      bytes_per_cycle_(bpc),
      clock_(clock),
      policy_(policy),
      tags_(sets_ * ways, Way{0, 0}),
      dirty_(sets_ * ways, 0),
      writer_(sets_ * ways, 0),
      slices_(banks, BusyTimeline(clock.period)) {}

L2Lookup L2Timing::access(uint64_t addr, bool write, uint32_t layer) {
  const uint64_t ln = addr / line_;
  const uint64_t base = (ln % sets_) * ways_;
  Way* w = &tags_[base];
  ++tick_;
  L2Lookup r;
  uint32_t victim = 0;
  for (uint32_t i = 0; i < ways_; ++i) {
    if (w[i].tag == ln + 1) {
      w[i].stamp = tick_;
      if (write && policy_ == WritePolicy::Back) {
        dirty_[base + i] = 1;
        writer_[base + i] = layer;
      }
      r.hit = true;
      ++hits_;
      return r;
    }
    if (w[i].stamp < w[victim].stamp) victim = i;  // empty ways have stamp 0 and go first
  }
  ++misses_;
  const uint64_t v = base + victim;
  if (w[victim].tag != 0 && dirty_[v]) {
    r.evicted_dirty = true;
    r.victim_addr = (w[victim].tag - 1) * line_;
    r.victim_layer = writer_[v];
    ++writebacks_;
  }
  w[victim] = Way{ln + 1, tick_};
  dirty_[v] = write && policy_ == WritePolicy::Back ? 1 : 0;
  writer_[v] = layer;
  return r;
}

SimTime L2Timing::transfer(uint32_t slice, SimTime t, uint64_t bytes, SimTime horizon) {
  const SimTime dur = clock_.cycles(
      static_cast<uint64_t>(std::ceil(static_cast<double>(bytes) / bytes_per_cycle_)));
  return slices_[slice].reserve(clock_.align_up(t), dur, horizon) + dur;
}

SimTime L2Timing::to_next(uint64_t addr, bool write, uint32_t layer, SimTime t, SimTime now,
                          uint64_t tag) {
  Burst b;
  b.addr = addr;
  b.bytes = line_;
  b.write = write;
  b.layer = layer;
  b.at = t;
  b.now = now;
  (write ? dram_write_ : dram_read_) += line_;
  return downstream_->serve(b, this, tag).done;
}

Served L2Timing::serve(const Burst& b, MemoryCallback* cb, uint64_t tag) {
  served_ += b.bytes;
  if (traffic_ && b.layer < traffic_->l2.size()) traffic_->l2[b.layer] += b.bytes;
  const SimTime tags_checked = b.at + latency_;
  SimTime ready = b.at;
  // Look every line up first, then send the write-backs, then the fills (the order a controller
  // that checks tags before it talks to memory issues them).
  misses_scratch_.clear();
  writebacks_scratch_.clear();
  const uint64_t end = b.addr + b.bytes;
  for (uint64_t a = b.addr / line_ * line_; a < end; a += line_) {
    const uint64_t bytes = std::min(end, a + line_) - std::max(b.addr, a);
    const uint32_t slice = slice_of(a);
    const L2Lookup lk = access(a, b.write, b.layer);
    if (lk.evicted_dirty) writebacks_scratch_.push_back({lk.victim_addr, lk.victim_layer});
    if (lk.hit || b.write) {
      ready = std::max(ready, transfer(slice, tags_checked, bytes, b.now));
    } else {
      misses_scratch_.push_back({a, bytes, slice});
    }
    if (b.write && policy_ == WritePolicy::Through)
      to_next(a, true, b.layer, tags_checked, b.now, kWriteTag);
  }
  for (const auto& [victim, writer] : writebacks_scratch_)
    to_next(victim, true, writer, tags_checked, b.now, kWriteTag);
  if (misses_scratch_.empty()) return {ready, b.at};
  uint32_t ri = 0;
  bool deferred = false;
  for (const Miss& m : misses_scratch_) {
    // Read miss: fetch the whole line, then pass the requested bytes through the slice.
    uint32_t fi;
    if (!free_fills_.empty()) {
      fi = free_fills_.back();
      free_fills_.pop_back();
    } else {
      fills_.emplace_back();
      fi = static_cast<uint32_t>(fills_.size() - 1);
    }
    const SimTime done = to_next(m.addr, false, b.layer, tags_checked, b.now, fi);
    if (done != kDeferred) {
      free_fills_.push_back(fi);
      ready = std::max(ready, transfer(m.slice, done, m.bytes, b.now));
      continue;
    }
    if (!deferred) {  // the burst now waits for this fill (and any later deferred one)
      deferred = true;
      if (!free_requests_.empty()) {
        ri = free_requests_.back();
        free_requests_.pop_back();
      } else {
        requests_.emplace_back();
        ri = static_cast<uint32_t>(requests_.size() - 1);
      }
      requests_[ri] = Request{cb, tag, 0, 0};
    }
    fills_[fi] = Fill{ri, m.slice, m.bytes};
    requests_[ri].fills++;
  }
  if (!deferred) return {ready, b.at};
  requests_[ri].ready = std::max(requests_[ri].ready, ready);
  return {kDeferred, b.at};
}

void L2Timing::burst_done(uint64_t tag, SimTime done, SimTime now) {
  if (tag == kWriteTag) return;  // write-backs complete on their own
  const Fill f = fills_[tag];
  free_fills_.push_back(static_cast<uint32_t>(tag));
  Request& r = requests_[f.request];
  r.ready = std::max(r.ready, transfer(f.slice, done, f.bytes, now));
  if (--r.fills > 0) return;
  free_requests_.push_back(f.request);
  r.cb->burst_done(r.tag, r.ready, now);
}

void L2Timing::flush() {
  for (size_t i = 0; i < tags_.size(); ++i) {
    if (!dirty_[i]) continue;
    dirty_[i] = 0;
    flushed_ += line_;
    if (traffic_) traffic_->dram(writer_[i], line_, true);
  }
}

}  // namespace tessera
