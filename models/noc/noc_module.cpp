#include "models/noc/noc_module.h"

#include "models/platform/block_registry.h"

namespace tessera {

namespace {

// Mesh routers that host the memory ports: the configured list, or spread over the left and right
// edges (where memory controllers sit on real dies).
std::vector<uint32_t> memory_nodes(const InterconnectSpec& ic, uint32_t ports) {
  std::vector<uint32_t> nodes;
  if (ic.type != "mesh") return nodes;
  const uint32_t cols = static_cast<uint32_t>(ic.mesh_cols),
                 rows = static_cast<uint32_t>(ic.mesh_rows);
  std::vector<uint32_t> edge;
  for (uint32_t y = 0; y < rows; ++y) edge.push_back(y * cols);
  if (cols > 1)
    for (uint32_t y = 0; y < rows; ++y) edge.push_back(y * cols + cols - 1);
  for (uint32_t p = 0; p < ports; ++p)
    nodes.push_back(!ic.memory_nodes.empty()
                        ? static_cast<uint32_t>(ic.memory_nodes[p % ic.memory_nodes.size()])
                        : edge[p % edge.size()]);
  return nodes;
}

NocTiming make_noc(const ChipSpec& chip, uint32_t ports) {
  const InterconnectSpec& ic = chip.interconnect;
  const Clock clock = Clock::from_hz(ic.clock_hz > 0 ? ic.clock_hz : chip.clock_hz);
  return NocTiming(ic.type == "mesh" ? NocTopology::Mesh : NocTopology::Crossbar,
                   static_cast<uint32_t>(chip.cores), ports, static_cast<uint32_t>(ic.mesh_cols),
                   static_cast<uint32_t>(ic.mesh_rows), memory_nodes(ic, ports), ic.link_width,
                   static_cast<uint32_t>(ic.hop_latency), clock);
}

}  // namespace

NocModule::NocModule(sc_core::sc_module_name name, PlatformContext& ctx, MemoryTarget& downstream)
    : sc_core::sc_module(name), noc_(make_noc(ctx.chip(), downstream.ports())) {
  MemoryTarget* next = &downstream;
  noc_.connect(next, ctx.chip().interconnect.header,
               [next](uint64_t a) { return next->port_of(a); });
  for (const NocLink& l : noc_.links()) {
    StatGroup& g = ctx.stats().group("links", l.name());
    LinkStats s;
    s.bytes = &g.count("bytes", "bytes", "bytes carried (headers included)");
    s.packets = &g.count("packets", "packets", "packets carried");
    s.busy = &g.time("busy_s", "time the link was transferring");
    g.fraction("utilization", "busy_s", 1.0, "fraction of the run the link was busy");
    s.peak_queue = &g.count("peak_queue", "packets", "most packets waiting for the link at once");
    s.stall_cycles = &g.count("stall_cycles", "cycles", "cycles packets waited for the link");
    stats_.push_back(s);
  }
}

void NocModule::finish(SimTime) {
  for (size_t i = 0; i < noc_.links().size(); ++i) {
    const NocLink& l = noc_.links()[i];
    *stats_[i].bytes = l.bytes();
    *stats_[i].packets = l.packets();
    *stats_[i].busy = l.busy();
    *stats_[i].peak_queue = l.peak_queue();
    *stats_[i].stall_cycles = l.stall() / l.clock().period;
  }
}

void NocModule::add_energy(EnergyEvents& ev) const {
  for (const NocLink& l : noc_.links()) ev.noc_bytes += l.bytes();
}

namespace {
MemoryTarget* build(PlatformContext& ctx, MemoryTarget* downstream, const BlockConfig&) {
  auto* m = new NocModule("noc", ctx, *downstream);
  ctx.add_block(m);
  return m;
}
const BlockShellRegistrar kCrossbar("interconnect", "crossbar", build);
const BlockShellRegistrar kMesh("interconnect", "mesh", build);
}  // namespace

}  // namespace tessera
