#include "models/dma/dma_schema.h"

#include "models/platform/block_registry.h"

namespace tessera {

const Schema<DmaSpec>& dma_schema() {
  static const Schema<DmaSpec> s = [] {
    Schema<DmaSpec> s("dma", "DMA engine moving tiles between DRAM and the buffers");
    s.type_key(
         "which registered block models it; `tessera describe dma` lists the types and the default")
        .integer("channels", &DmaSpec::channels, kFromStruct, 1, 1024, "",
                 "transfers in progress at once")
        .bytes("burst", &DmaSpec::burst, kFromStruct, 1, 1 << 20, "bytes per memory request")
        .integer("outstanding", &DmaSpec::outstanding, kFromStruct, 1, 1 << 20, "requests",
                 "memory requests in flight at once (per engine)")
        .quantity("clock", &DmaSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock, false,
                  "clock of the engine (default: hardware.clock)");
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(dma_schema());
const BlockSectionRegistrar kSection({"dma", "the DMA engine of every core", BlockRole::CoreUnit, 3,
                                      "engine"});
const BlockTypeRegistrar kType(
    "dma", "engine",
    "channels that cut each transfer into bursts with a window of outstanding requests");
}  // namespace

}  // namespace tessera
