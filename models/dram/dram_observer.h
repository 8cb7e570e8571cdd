// Observer of DRAM requests (packet-level traces): channel, accepted, done, bytes, write.
// Empty unless tracing asks for it; the DRAM modules test it with one branch per request.
#pragma once

#include <cstdint>
#include <functional>

#include "models/timing/clock.h"

namespace tessera {

using DramObserver =
    std::function<void(uint32_t channel, SimTime start, SimTime end, uint64_t bytes, bool write)>;

}  // namespace tessera
