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

// simulation.memory_limit as it applies: the configured bytes, or when 0 (the default) three
// quarters of this machine's physical memory, so a run never starts what the machine cannot hold.
uint64_t effective_memory_limit(uint64_t configured);
// Throws InputError when the estimate exceeds the effective limit.
void check_memory_limit(const MemoryEstimate& e, uint64_t configured, const std::string& what);
// The most chip-program commands that fit the effective limit beside `operators` graph operators,
// and the sentence the lowering's error says it with.
uint64_t chip_command_budget(uint64_t configured, uint64_t operators);
std::string chip_budget_reason(uint64_t configured);

// Peak resident memory of this process so far (bytes; from getrusage).
uint64_t peak_rss_bytes();

}  // namespace tessera
