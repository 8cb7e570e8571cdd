#include "models/l2/l2_module.h"

#include "models/platform/block_registry.h"

namespace tessera {

namespace {
L2Timing make_cache(const ChipSpec& chip) {
  const L2Spec& l2 = chip.l2;
  const Clock clock = Clock::from_hz(l2.clock_hz > 0 ? l2.clock_hz : chip.clock_hz);
  return L2Timing(l2.size, static_cast<uint32_t>(l2.line), static_cast<uint32_t>(l2.ways),
                  static_cast<uint32_t>(l2.banks), static_cast<double>(l2.bank_width), clock,
                  l2.interleave, l2.write_policy);
}
}  // namespace

L2Module::L2Module(sc_core::sc_module_name name, PlatformContext& ctx, MemoryTarget& downstream)
    : sc_core::sc_module(name), cache_(make_cache(ctx.chip())) {
  cache_.connect(&downstream, static_cast<uint32_t>(ctx.chip().l2.latency), &ctx.traffic());
  StatGroup& g = ctx.stats().group("l2", "chip.l2");
  hits_ = &g.count("hits", "lines", "line lookups that hit");
  misses_ = &g.count("misses", "lines", "line lookups that missed (allocated)");
  hit_rate_ = &g.real("hit_rate", "", "hits per lookup");
  writebacks_ = &g.count("writebacks", "lines", "dirty lines written back when evicted");
  dram_read_ =
      &g.count("dram_read_bytes", "bytes", "bytes fetched from the next level (line fills)");
  dram_write_ =
      &g.count("dram_write_bytes", "bytes", "bytes written to the next level during the run");
  flushed_ =
      &g.count("flushed_bytes", "bytes",
               "dirty lines left when the run ended, written back then (counted, not timed)");
  served_ = &g.count("served_bytes", "bytes", "bytes of the requests the L2 served");
}

void L2Module::finish(SimTime) {
  cache_.flush();
  *hits_ = cache_.hits();
  *misses_ = cache_.misses();
  const uint64_t lookups = cache_.hits() + cache_.misses();
  *hit_rate_ = lookups ? static_cast<double>(cache_.hits()) / static_cast<double>(lookups) : 0;
  *writebacks_ = cache_.writebacks();
  *dram_read_ = cache_.dram_read_bytes();
  *dram_write_ = cache_.dram_write_bytes();
  *flushed_ = cache_.flushed_bytes();
  *served_ = cache_.served_bytes();
}

void L2Module::add_energy(EnergyEvents& ev) const {
  // Every lookup moves a line through a slice; the end-of-run write-back reads each dirty line
  // once more and writes it to DRAM.
  ev.l2_bytes += (cache_.hits() + cache_.misses() + cache_.writebacks()) * cache_.line() +
                 cache_.flushed_bytes();
  ev.dram_bytes += cache_.flushed_bytes();
}

namespace {
const BlockShellRegistrar kShell("l2", "cache",
                                 [](PlatformContext& ctx, MemoryTarget* downstream,
                                    const BlockConfig&) {
                                   auto* m = new L2Module("l2", ctx, *downstream);
                                   ctx.add_block(m);
                                   return static_cast<MemoryTarget*>(m);
                                 });
}  // namespace

}  // namespace tessera
