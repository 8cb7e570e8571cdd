#include "models/l2/l2_module.h"

#include <algorithm>

#include "models/platform/sim_time.h"

namespace tessera {

L2Module::L2Module(sc_core::sc_module_name name, L2Timing cache, uint32_t latency_cycles, Clock clock)
    : sc_core::sc_module(name),
      from_noc("from_noc"),
      to_dram("to_dram"),
      cache_(std::move(cache)),
      latency_(clock.cycles(latency_cycles)),
      clock_(clock) {
  from_noc.register_b_transport(this, &L2Module::b_transport);
}

SimTime L2Module::dram_access(uint64_t addr, bool write, SimTime t, uint64_t tag) {
  tlm::tlm_generic_payload gp;
  MemoryTimingExt ext;
  ext.sink = this;
  ext.tag = tag;
  gp.set_extension(&ext);
  gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp.set_address(addr);
  gp.set_data_length(cache_.line());
  gp.set_data_ptr(nullptr);
  gp.set_streaming_width(0);
  gp.set_byte_enable_ptr(nullptr);
  (write ? dram_write_ : dram_read_) += cache_.line();
  SimTime now = sc_now_fs();
  sc_core::sc_time d = fs_to_sc(t > now ? t - now : 0);
  to_dram->b_transport(gp, d);
  gp.clear_extension(&ext);
  if (ext.pending) return 0;
  return sc_now_fs() + static_cast<SimTime>(d.value());
}

void L2Module::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  auto* ext = gp.get_extension<MemoryTimingExt>();
  const SimTime t = sc_now_fs() + static_cast<SimTime>(delay.value());
  const bool write = gp.is_write();
  const uint64_t addr = gp.get_address(), len = gp.get_data_length(), line = cache_.line();
  uint32_t ri;
  if (!free_requests_.empty()) {
    ri = free_requests_.back();
    free_requests_.pop_back();
  } else {
    requests_.emplace_back();
    ri = static_cast<uint32_t>(requests_.size() - 1);
  }
  requests_[ri] = Request{ext ? ext->sink : nullptr, ext ? ext->tag : 0, 0, t};
  const SimTime tags_checked = t + latency_;
  // Look every line up first, so the number of fills is known before any of them is sent: a
  // DRAM that blocks on a full queue may complete earlier fills while later ones are sent.
  struct Miss {
    uint64_t addr, bytes;
    uint32_t slice;
  };
  std::vector<Miss> misses;
  std::vector<uint64_t> writebacks;
  for (uint64_t a = addr / line * line; a < addr + len; a += line) {
    const uint64_t bytes = std::min(addr + len, a + line) - std::max(addr, a);
    const uint32_t slice = cache_.slice_of(a);
    L2Lookup lk = cache_.access(a, write);
    if (lk.evicted_dirty) writebacks.push_back(lk.victim_addr);
    if (lk.hit || write) {
      requests_[ri].ready = std::max(requests_[ri].ready, cache_.transfer(slice, tags_checked, bytes, sc_now_fs()));
    } else {
      misses.push_back({a, bytes, slice});
    }
  }
  requests_[ri].fills = static_cast<uint32_t>(misses.size()) + 1;  // +1: held until all are sent
  for (uint64_t wb : writebacks) dram_access(wb, true, tags_checked, kWritebackTag);
  for (const Miss& m : misses) {
    // Read miss: fetch the whole line, then pass the requested bytes through the slice.
    uint32_t fi;
    if (!free_fills_.empty()) {
      fi = free_fills_.back();
      free_fills_.pop_back();
    } else {
      fills_.emplace_back();
      fi = static_cast<uint32_t>(fills_.size() - 1);
    }
    fills_[fi] = Fill{ri, m.slice, m.bytes};
    SimTime done = dram_access(m.addr, false, tags_checked, fi);
    if (done) {
      requests_[ri].fills--;
      requests_[ri].ready = std::max(requests_[ri].ready, cache_.transfer(m.slice, done, m.bytes, sc_now_fs()));
      free_fills_.push_back(fi);
    }
  }
  requests_[ri].fills--;  // all sent
  Request& r = requests_[ri];
  if (r.fills == 0) {
    if (ext) ext->pending = false;
    delay = fs_to_sc(r.ready - sc_now_fs() + 0);
    free_requests_.push_back(ri);
    return;
  }
  if (ext) ext->pending = true;  // the last fill completes it (memory_done)
}

void L2Module::memory_done(uint64_t tag, SimTime done) {
  if (tag == kWritebackTag) return;  // write-backs complete on their own
  Fill f = fills_[tag];
  free_fills_.push_back(static_cast<uint32_t>(tag));
  Request& r = requests_[f.request];
  r.ready = std::max(r.ready, cache_.transfer(f.slice, done, f.bytes, sc_now_fs()));
  if (--r.fills > 0) return;
  MemorySink* sink = r.sink;
  uint64_t utag = r.tag;
  SimTime ready = r.ready;
  free_requests_.push_back(f.request);
  if (sink) sink->memory_done(utag, ready);
}

}  // namespace tessera
