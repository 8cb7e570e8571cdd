// Spec of the shared on-chip L2 (hardware.l2).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

// Shared on-chip L2 / global buffer between the interconnect and DRAM. Absent: size 0.
enum class WritePolicy : uint8_t { Back, Through };

struct L2Spec {
  uint64_t size = 0;
  int64_t banks = 16;
  uint64_t bank_width = 64;  // bytes per cycle per slice
  uint64_t line = 128;
  uint64_t interleave = 0;  // bytes per slice before the next slice; 0: one line
  int64_t ways = 16;
  int64_t latency = 20;  // cycles of tag and array access
  double clock_hz = 0;
  // back: writes stay in the L2 until their line is evicted (or the run ends); through: every
  // write also goes to DRAM at once and the line stays clean.
  WritePolicy write_policy = WritePolicy::Back;
  bool present() const { return size > 0; }
};

}  // namespace tessera
