// Spec of a core's DMA engine (hardware.dma).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

struct DmaSpec {
  int64_t channels = 2;
  uint64_t burst = 64;
  int64_t outstanding = 32;
  double clock_hz = 0;
};

}  // namespace tessera
