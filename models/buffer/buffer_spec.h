// Spec of an on-chip SRAM buffer (an entry of hardware.buffers).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

struct BufferSpec {
  std::string name;
  uint64_t size = 0;
  int64_t banks = 8;
  uint64_t bank_width = 16;  // bytes per bank per cycle
  int64_t ports = 2;
  std::vector<std::string> holds;  // inputs, weights, outputs
  double clock_hz = 0;
};

}  // namespace tessera
