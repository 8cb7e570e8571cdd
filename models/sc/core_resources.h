// What the units of one core share: its buffers' port timing and the per-core counters.
#pragma once

#include <cstdint>
#include <vector>

#include "models/timing/buffer_port.h"

namespace tessera {

struct CoreResources {
  std::vector<BufferTiming> buffers;
};

}  // namespace tessera
