// What the units of one core share: its buffers' port timing and the per-core counters.
#pragma once

#include <cstdint>
#include <vector>

#include "models/buffer/buffer_timing.h"

namespace tessera {

struct CoreBuffers {
  std::vector<BufferTiming> buffers;
};

}  // namespace tessera
