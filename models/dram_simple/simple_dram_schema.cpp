// hardware.dram.type: simple (no keys of its own: bandwidth, latency, queue depth and interleave
// are the device's common keys, models/dram/dram_schema.cpp).
#include "models/platform/block_registry.h"

namespace tessera {
namespace {
const BlockTypeRegistrar kType(
    "dram", "simple",
    "a data bus of fixed bandwidth per channel behind a request queue, plus a fixed latency");
}  // namespace
}  // namespace tessera
