// hardware.dram.type: bank (no keys of its own: the organisation and JEDEC timings are the
// device's common keys, usually from a preset in configs/dram/).
#include "models/platform/block_registry.h"

namespace tessera {
namespace {
const BlockTypeRegistrar kType(
    "dram", "bank",
    "FR-FCFS controller over ranks, bank groups and banks with row buffers, JEDEC timings "
    "and refresh (needs a bank-level preset)");
}  // namespace
}  // namespace tessera
