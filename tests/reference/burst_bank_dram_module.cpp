#include "models/dram_bank/bank_dram_module.h"

#include <algorithm>
#include <limits>

#include "models/platform/sim_time.h"
#include "models/dram_bank/bank_dram_config.h"

namespace tessera {

BankDramModule::BankDramModule(sc_core::sc_module_name name, const DramSpec& spec)
    : sc_core::sc_module(name),
      socket("socket"),
      clock_(Clock::from_hz(spec.clock_hz)),
      controller_latency_(static_cast<uint64_t>(spec.controller_latency)),
      map_(spec.mapping, static_cast<uint32_t>(spec.channels), to_dram_organization(spec)),
      burst_bytes_(spec.burst_bytes()),
      read_bytes_(static_cast<size_t>(spec.channels), 0),
      write_bytes_(static_cast<size_t>(spec.channels), 0),
      read_latency_(static_cast<size_t>(spec.channels)) {
  PagePolicy policy = spec.page_policy == "closed" ? PagePolicy::Closed : PagePolicy::Open;
  for (int64_t c = 0; c < spec.channels; ++c)
    channels_.emplace_back(to_dram_organization(spec), to_dram_timings(spec), policy,
                           static_cast<uint32_t>(spec.queue_depth));
  socket.register_b_transport(this, &BankDramModule::b_transport);
  SC_THREAD(controller);
}

uint32_t BankDramModule::new_parent() {
  if (!free_parents_.empty()) {
    uint32_t p = free_parents_.back();
    free_parents_.pop_back();
    return p;
  }
  parents_.emplace_back();
  return static_cast<uint32_t>(parents_.size() - 1);
}

void BankDramModule::b_transport(int, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  auto* ext = gp.get_extension<MemoryTimingExt>();
  // Without a sink the caller cannot be told later: this target needs the pending protocol.
  sc_assert(ext && ext->sink);
  wait_until(sc_now_fs() + static_cast<SimTime>(delay.value()));
  delay = sc_core::SC_ZERO_TIME;
  const uint64_t addr = gp.get_address(), len = gp.get_data_length();
  const bool write = gp.is_write();
  // One DRAM burst per burst_bytes of the request; the request completes with its last burst.
  const uint64_t first = addr / burst_bytes_ * burst_bytes_;
  const uint64_t bursts = (addr + len - first + burst_bytes_ - 1) / burst_bytes_;
  uint32_t pi = new_parent();
  {
    Parent& p = parents_[pi];
    p.sink = ext->sink;
    p.tag = ext->tag;
    p.write = write;
    p.remaining = static_cast<uint32_t>(bursts);
    p.arrive = sc_now_fs();
    p.arrive_cycle = clock_.cycles_covering(sc_now_fs());
    p.channel = map_.decode(first).channel;
    p.bytes = len;
  }
  for (uint64_t b = 0; b < bursts; ++b) {
    DramLocation loc = map_.decode(first + b * burst_bytes_);
    BankDramTiming& ch = channels_[loc.channel];
    while (ch.full()) sc_core::wait(space_);  // back-pressure on the requester
    loc.req.id = (static_cast<uint64_t>(pi) << 16) | loc.channel;
    loc.req.write = write;
    loc.req.arrive = clock_.cycles_covering(sc_now_fs());
    ch.enqueue(loc.req);
    (write ? write_bytes_ : read_bytes_)[loc.channel] += burst_bytes_;
    work_.notify(sc_core::SC_ZERO_TIME);
  }
  ext->accept = sc_now_fs();
  ext->pending = true;
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void BankDramModule::controller() {
  while (true) {
    uint64_t next = std::numeric_limits<uint64_t>::max();
    for (const auto& ch : channels_) next = std::min(next, ch.next_event());
    if (next == std::numeric_limits<uint64_t>::max()) {
      sc_core::wait(work_);
    } else {
      SimTime at = clock_.cycles(next);
      SimTime now = sc_now_fs();
      // Something is due now: go on after a delta cycle, so requests arriving at this instant
      // are seen (and the kernel never spins inside this loop).
      sc_core::wait(at > now ? fs_to_sc(at - now) : sc_core::SC_ZERO_TIME, work_);
    }
    uint64_t cycle = sc_now_fs() / clock_.period;
    bool freed = false;
    for (auto& ch : channels_) {
      if (ch.next_event() > cycle) continue;  // nothing due on this channel yet
      size_t before = ch.queued();
      done_.clear();
      ch.advance(cycle, done_);
      freed = freed || ch.queued() < before;
      for (const auto& d : done_) {
        uint32_t pi = static_cast<uint32_t>(d.id >> 16);
        Parent& p = parents_[pi];
        if (--p.remaining > 0) continue;
        uint64_t finish = d.done + controller_latency_;
        if (!p.write) read_latency_[p.channel].add(finish - p.arrive_cycle);
        SimTime t = std::max(clock_.cycles(finish), sc_now_fs());
        if (on_request) on_request(p.channel, p.arrive, t, p.bytes, p.write);
        p.sink->memory_done(p.tag, t);
        free_parents_.push_back(pi);
      }
    }
    if (freed) space_.notify(sc_core::SC_ZERO_TIME);
  }
}

uint64_t BankDramModule::total_bytes() const {
  uint64_t b = 0;
  for (size_t i = 0; i < read_bytes_.size(); ++i) b += read_bytes_[i] + write_bytes_[i];
  return b;
}

}  // namespace tessera
