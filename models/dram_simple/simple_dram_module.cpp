#include "models/dram_simple/simple_dram_module.h"

#include "models/platform/block_registry.h"

namespace tessera {

SimpleDramModule::SimpleDramModule(sc_core::sc_module_name name, PlatformContext& ctx)
    : sc_core::sc_module(name),
      interleave_(ctx.chip().dram.interleave),
      traffic_(ctx.traffic()),
      observer_(ctx.options().dram_observer) {
  const DramSpec& spec = ctx.chip().dram;
  const Clock controller = Clock::from_hz(ctx.chip().dram_clock_hz());
  for (int64_t i = 0; i < spec.channels; ++i) {
    channels_.emplace_back(spec.bandwidth, seconds_to_fs(spec.latency_s),
                           static_cast<uint32_t>(spec.queue_depth), controller);
    stats_.push_back(register_dram_channel_stats(
        ctx.stats().group("dram", indexed("chip.dram.channel", static_cast<size_t>(i)))));
  }
}

Served SimpleDramModule::serve(const Burst& b, MemoryCallback*, uint64_t) {
  const size_t ch = port_of(b.addr);
  const DramIssue r = channels_[ch].issue(b.at, b.bytes, b.write, b.now);
  traffic_.dram(b.layer, b.bytes, b.write);
  if (observer_) observer_(static_cast<uint32_t>(ch), r.accept, r.done, b.bytes, b.write);
  return {r.done, r.accept};
}

void SimpleDramModule::finish(SimTime) {
  for (size_t ch = 0; ch < channels_.size(); ++ch) {
    const SimpleDramTiming& d = channels_[ch];
    const DramChannelStats& s = stats_[ch];
    *s.read_bytes = d.read_bytes();
    *s.write_bytes = d.write_bytes();
    *s.requests = d.requests();
    *s.busy = d.busy_time();
    *s.queue_wait = d.queue_wait();
    *s.peak_queue = d.peak_occupancy();
    *s.avg_latency =
        d.requests() ? fs_to_seconds(d.total_latency()) / static_cast<double>(d.requests()) : 0;
    *s.p99_latency = d.latencies_ps().percentile(0.99) * 1e-12;
  }
}

void SimpleDramModule::add_energy(EnergyEvents& ev) const {
  for (const auto& c : channels_) ev.dram_bytes += c.read_bytes() + c.write_bytes();
}

namespace {
const BlockShellRegistrar kShell("dram", "simple",
                                 [](PlatformContext& ctx, MemoryTarget*, const BlockConfig&) {
                                   auto* m = new SimpleDramModule("dram", ctx);
                                   ctx.add_block(m);
                                   return static_cast<MemoryTarget*>(m);
                                 });
}  // namespace

}  // namespace tessera
