#include "models/dram_bank/bank_dram_module.h"

#include <algorithm>
#include <limits>

#include "models/dram_bank/bank_dram_config.h"
#include "models/platform/block_registry.h"
#include "models/platform/sim_time.h"
#include "models/spec/errors.h"

namespace tessera {

BankDramModule::BankDramModule(sc_core::sc_module_name name, PlatformContext& ctx)
    : sc_core::sc_module(name),
      clock_(Clock::from_hz(ctx.chip().dram.clock_hz)),
      controller_latency_(static_cast<uint64_t>(ctx.chip().dram.controller_latency)),
      map_(ctx.chip().dram.mapping, static_cast<uint32_t>(ctx.chip().dram.channels),
           to_dram_organization(ctx.chip().dram)),
      burst_bytes_(ctx.chip().dram.burst_bytes()),
      traffic_(ctx.traffic()),
      observer_(ctx.options().dram_observer) {
  const DramSpec& spec = ctx.chip().dram;
  const size_t n = static_cast<size_t>(spec.channels);
  const PagePolicy policy = spec.page_policy == "closed" ? PagePolicy::Closed : PagePolicy::Open;
  for (size_t c = 0; c < n; ++c) {
    channels_.emplace_back(to_dram_organization(spec), to_dram_timings(spec), policy,
                           static_cast<uint32_t>(spec.queue_depth));
    StatGroup& g = ctx.stats().group("dram", indexed("chip.dram.channel", c));
    ChannelStats s;
    static_cast<DramChannelStats&>(s) =
        register_dram_channel_stats(g);  // queue_wait_s stays 0: part of latency here
    s.row_hit_rate = &g.real("row_hit_rate", "", "row-buffer hits per access");
    s.row_hits = &g.count("row_hits", "accesses", "accesses to the open row");
    s.row_misses = &g.count("row_misses", "accesses", "accesses to a closed bank (activate)");
    s.row_conflicts = &g.count("row_conflicts", "accesses",
                               "accesses to another open row (precharge + activate)");
    s.activates = &g.count("activates", "commands", "ACT commands");
    s.refreshes = &g.count("refreshes", "commands", "all-bank refreshes");
    s.refresh_stall =
        &g.count("refresh_stall_cycles", "cycles", "cycles requests waited for a refresh");
    stats_.push_back(s);
  }
  held_.resize(n);
  read_bytes_.assign(n, 0);
  write_bytes_.assign(n, 0);
  peak_.assign(n, 0);
  read_latency_.resize(n);
  SC_THREAD(controller);
}

uint32_t BankDramModule::new_parent() {
  if (!free_parents_.empty()) {
    const uint32_t p = free_parents_.back();
    free_parents_.pop_back();
    return p;
  }
  parents_.emplace_back();
  return static_cast<uint32_t>(parents_.size() - 1);
}

Served BankDramModule::serve(const Burst& b, MemoryCallback* cb, uint64_t tag) {
  // One DRAM burst per burst_bytes of the request; the request completes with its last burst.
  const uint64_t first = b.addr / burst_bytes_ * burst_bytes_;
  const uint64_t bursts = (b.addr + b.bytes - first + burst_bytes_ - 1) / burst_bytes_;
  const uint64_t arrive = clock_.cycles_covering(b.at);
  const uint32_t pi = new_parent();
  Parent& p = parents_[pi];
  p = Parent{cb,     tag,     static_cast<uint32_t>(bursts), b.at,
             arrive, b.write, map_.decode(first).channel,    b.bytes};
  for (uint64_t k = 0; k < bursts; ++k) {
    DramLocation loc = map_.decode(first + k * burst_bytes_);
    loc.req.id = (static_cast<uint64_t>(pi) << 16) | loc.channel;
    loc.req.write = b.write;
    loc.req.arrive = arrive;
    BankDramTiming& ch = channels_[loc.channel];
    if (ch.full() || !held_[loc.channel].empty()) {
      held_[loc.channel].push_back(loc.req);
    } else {
      ch.enqueue(loc.req);
    }
    peak_[loc.channel] = std::max<uint32_t>(
        peak_[loc.channel], static_cast<uint32_t>(ch.queued() + held_[loc.channel].size()));
    (b.write ? write_bytes_ : read_bytes_)[loc.channel] += burst_bytes_;
  }
  traffic_.dram(b.layer, bursts * burst_bytes_, b.write);
  work_.notify(sc_core::SC_ZERO_TIME);
  return {kDeferred, b.at};
}

void BankDramModule::admit(size_t ch, uint64_t cycle) {
  std::deque<DramRequest>& q = held_[ch];
  while (!q.empty() && !channels_[ch].full()) {
    DramRequest r = q.front();
    q.pop_front();
    r.arrive = std::max(r.arrive, cycle);  // it entered the controller when a slot freed
    channels_[ch].enqueue(r);
  }
}

void BankDramModule::controller() {
  while (true) {
    uint64_t next = std::numeric_limits<uint64_t>::max();
    for (const auto& ch : channels_) next = std::min(next, ch.next_event());
    if (next == std::numeric_limits<uint64_t>::max()) {
      wait_event(work_);
    } else {
      // Something is due now: go on after a delta cycle, so requests arriving at this instant
      // are seen (and the kernel never spins inside this loop).
      wait_event_until(work_, clock_.cycles(next));
    }
    const SimTime now = sc_now_fs();
    const uint64_t cycle = now / clock_.period;
    for (size_t c = 0; c < channels_.size(); ++c) {
      BankDramTiming& ch = channels_[c];
      if (ch.next_event() > cycle) continue;  // nothing due on this channel yet
      done_.clear();
      ch.advance(cycle, done_);
      admit(c, cycle);
      for (const auto& d : done_) {
        const uint32_t pi = static_cast<uint32_t>(d.id >> 16);
        Parent& p = parents_[pi];
        if (--p.remaining > 0) continue;
        const uint64_t finish = d.done + controller_latency_;
        if (!p.write) read_latency_[p.channel].add(finish - p.arrive_cycle);
        const SimTime t = std::max(clock_.cycles(finish), now);
        if (observer_) observer_(p.channel, p.arrive, t, p.bytes, p.write);
        free_parents_.push_back(pi);
        p.cb->burst_done(p.tag, t, now);
      }
    }
  }
}

void BankDramModule::describe_blocked(SimTime, std::vector<std::string>& lines) const {
  for (size_t ch = 0; ch < channels_.size(); ++ch) {
    const auto& c = channels_[ch];
    if (c.queued() == 0 && held_[ch].empty()) continue;
    lines.push_back("DRAM channel " + std::to_string(ch) + " holds " + std::to_string(c.queued()) +
                    " requests" +
                    (c.full() ? std::string(" (queue full") +
                                    (held_[ch].empty() ? ""
                                                       : ", " + std::to_string(held_[ch].size()) +
                                                             " more waiting") +
                                    ")"
                              : "") +
                    " after " + std::to_string(c.refreshes()) + " refreshes");
  }
}

void BankDramModule::finish(SimTime) {
  const double tck = fs_to_seconds(clock_.period);
  for (size_t ch = 0; ch < channels_.size(); ++ch) {
    const BankDramTiming& d = channels_[ch];
    const ChannelStats& s = stats_[ch];
    *s.read_bytes = read_bytes_[ch];
    *s.write_bytes = write_bytes_[ch];
    *s.requests = d.reads() + d.writes();
    *s.busy = d.data_bus_busy() * clock_.period;
    *s.avg_latency = read_latency_[ch].mean() * tck;
    *s.p99_latency = read_latency_[ch].percentile(0.99) * tck;
    *s.peak_queue = peak_[ch];
    *s.row_hits = d.row_hits();
    *s.row_misses = d.row_misses();
    *s.row_conflicts = d.row_conflicts();
    const uint64_t accesses = d.row_hits() + d.row_misses() + d.row_conflicts();
    *s.row_hit_rate =
        accesses ? static_cast<double>(d.row_hits()) / static_cast<double>(accesses) : 0;
    *s.activates = d.activates();
    *s.refreshes = d.refreshes();
    *s.refresh_stall = d.refresh_stall_cycles();
  }
}

void BankDramModule::add_energy(EnergyEvents& ev) const {
  for (size_t ch = 0; ch < channels_.size(); ++ch)
    ev.dram_bytes += read_bytes_[ch] + write_bytes_[ch];
}

namespace {
const BlockShellRegistrar kShell(
    "dram", "bank", [](PlatformContext& ctx, MemoryTarget*, const BlockConfig&) {
      const DramSpec& d = ctx.chip().dram;
      // Refuse what cannot run: a footprint bigger than the DRAM (its addresses would wrap onto
      // other data).
      const uint64_t capacity =
          static_cast<uint64_t>(d.channels * d.ranks * d.bank_groups * d.banks_per_group * d.rows) *
          d.row_size;
      if (ctx.program().dram_footprint > capacity)
        throw InputError("the workload needs " + std::to_string(ctx.program().dram_footprint) +
                         " B of DRAM (weights and activations) but hardware.dram holds " +
                         std::to_string(capacity) +
                         " B (channels x ranks x bank_groups x banks_per_group x rows x row_size)");
      auto* m = new BankDramModule("dram", ctx);
      ctx.add_block(m);
      return static_cast<MemoryTarget*>(m);
    });
}  // namespace

}  // namespace tessera
