// A test-only hardware block: `hardware.dram.type: fixed`, a memory that answers every burst a
// fixed time after it arrives, with no bandwidth limit. It proves the extension story of
// docs/adding-a-block.md: this file registers the type (with a key of its own) and its shell, and
// one CMake line (tests/CMakeLists.txt) builds a simulator that knows it; nothing else changes.
#include <algorithm>
#include <string>
#include <vector>

#include "models/config/schema.h"
#include "models/platform/block.h"
#include "models/platform/block_registry.h"
#include "models/platform/memory_target.h"
#include "models/platform/platform_context.h"
#include "models/spec/chip_spec.h"

namespace tessera {
namespace {

struct FixedDramSpec {
  double latency_s = 50e-9;
};

const Schema<FixedDramSpec>& fixed_dram_schema() {
  static const Schema<FixedDramSpec> s = [] {
    Schema<FixedDramSpec> s("dram.fixed", "keys of hardware.dram.type: fixed");
    s.quantity("fixed_latency", &FixedDramSpec::latency_s, Quantity::Time, kFromStruct, 0, 1e-3,
               true, "time from a burst's arrival to its completion");
    return s;
  }();
  return s;
}

// The memory itself: no queue, no bus, one port per DRAM channel of the chip.
class FixedLatencyDram : public MemoryTarget, public Block {
 public:
  FixedLatencyDram(PlatformContext& ctx, const FixedDramSpec& spec)
      : latency_(seconds_to_fs(spec.latency_s)),
        channels_(static_cast<uint32_t>(ctx.chip().dram.channels)),
        interleave_(ctx.chip().dram.interleave),
        traffic_(ctx.traffic()) {
    StatGroup& g = ctx.stats().group("dram", "chip.dram.fixed");
    read_bytes_ = &g.count("read_bytes", "bytes", "bytes read");
    write_bytes_ = &g.count("write_bytes", "bytes", "bytes written");
  }
  Served serve(const Burst& b, MemoryCallback*, uint64_t) override {
    traffic_.dram(b.layer, b.bytes, b.write);
    *(b.write ? write_bytes_ : read_bytes_) += b.bytes;
    return {b.at + latency_, b.at};
  }
  uint32_t ports() const override { return channels_; }
  uint32_t port_of(uint64_t addr) const override {
    return static_cast<uint32_t>((addr / interleave_) % channels_);
  }
  void add_energy(EnergyEvents& ev) const override {
    ev.dram_bytes += *read_bytes_ + *write_bytes_;
  }

 private:
  SimTime latency_;
  uint32_t channels_;
  uint64_t interleave_;
  LayerTraffic& traffic_;
  uint64_t* read_bytes_;
  uint64_t* write_bytes_;
};

const BlockTypeRegistrar kType("dram", "fixed",
                               "test-only: every burst completes a fixed time after it arrives",
                               fixed_dram_schema());
const BlockShellRegistrar kShell(
    "dram", "fixed", [](PlatformContext& ctx, MemoryTarget*, const BlockConfig& config) {
      static std::vector<std::unique_ptr<FixedLatencyDram>>
          built;  // one per platform, alive to the end
      built.push_back(std::make_unique<FixedLatencyDram>(ctx, config.spec<FixedDramSpec>()));
      ctx.add_block(built.back().get());
      return static_cast<MemoryTarget*>(built.back().get());
    });

}  // namespace
}  // namespace tessera
