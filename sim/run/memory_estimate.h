// What a run will need in memory, estimated before it runs from the sizes that dominate it, so a
// run too big for the machine (or for simulation.memory_limit) is refused up front with the
// estimate instead of dying half way. Coefficients measured on this code (bench/bench_limits.sh):
// about 256 B per command of the chip program (the command, its successors, sequencer state and
// statistics), 8 KiB per operator of the graph (names, shapes, per-layer plans and reports), and
// about 224 B per message of the packet-level network; plus the process's fixed 16 MiB.
#pragma once

#include <cstdint>
#include <string>

namespace tessera {

struct MemoryEstimate {
  uint64_t bytes = 0;
  std::string basis;  // "543013 commands, 53605 operators"
};

MemoryEstimate estimate_chip_memory(uint64_t commands, uint64_t operators);
MemoryEstimate estimate_network_memory(uint64_t messages, uint64_t links);

// Throws InputError when limit > 0 and the estimate exceeds it.
void check_memory_limit(const MemoryEstimate& e, uint64_t limit, const std::string& what);

// Peak resident memory of this process so far (bytes; from getrusage).
uint64_t peak_rss_bytes();

}  // namespace tessera
