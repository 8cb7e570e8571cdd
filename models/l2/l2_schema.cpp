#include "models/l2/l2_schema.h"

#include "models/platform/block_registry.h"

namespace tessera {

const Schema<L2Spec>& l2_schema() {
  static const Schema<L2Spec> s = [] {
    Schema<L2Spec> s("l2", "Shared on-chip L2 / global buffer (LRU, write-back, write-allocate)");
    s.type_key(
         "which registered block models it; `tessera describe l2` lists the types and the default")
        .bytes("size", &L2Spec::size, "", 1, kMaxBytes, "capacity")
        .integer("banks", &L2Spec::banks, "16", 1, 4096, "",
                 "slices, interleaved by line; each is a memory port")
        .bytes("bank_width", &L2Spec::bank_width, "64B", 1, 1 << 20, "bytes per cycle per slice")
        .bytes("line", &L2Spec::line, "128B", 16, 1 << 20, "line size (allocation unit)")
        .bytes("interleave", &L2Spec::interleave, "0B", 0, 1 << 24,
               "bytes mapped to one slice before the next (0: one line); match the DMA burst so a "
               "request "
               "goes to one slice")
        .integer("ways", &L2Spec::ways, "16", 1, 1024, "", "associativity")
        .integer("latency", &L2Spec::latency, "20", 1, 100000, "cycles",
                 "tag and array access latency")
        .choice("write_policy", &L2Spec::write_policy, kFromStruct,
                {{"back", WritePolicy::Back}, {"through", WritePolicy::Through}},
                "back: a written line stays in the L2 until evicted (dirty lines are written back "
                "then, or when the "
                "run ends); through: every write also goes to DRAM at once")
        .quantity("clock", &L2Spec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "L2 clock (default: hardware.clock)");
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(l2_schema());
const BlockSectionRegistrar kSection({"l2",
                                      "shared on-chip L2 between the interconnect and the DRAM",
                                      BlockRole::MemoryLevel, 2, "cache"});
const BlockTypeRegistrar kType("l2", "cache", "set-associative, LRU, write-allocate, sliced");
}  // namespace

}  // namespace tessera
