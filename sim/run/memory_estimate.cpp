#include "sim/run/memory_estimate.h"

#include <sys/resource.h>

#include <cstdio>

#include "models/spec/errors.h"

namespace tessera {

namespace {

constexpr uint64_t kBase = 16ull << 20;

std::string mib(uint64_t b) {
  char s[32];
  std::snprintf(s, sizeof s, "%.1f MiB", static_cast<double>(b) / 1048576.0);
  return s;
}

}  // namespace

MemoryEstimate estimate_chip_memory(uint64_t commands, uint64_t operators) {
  return {kBase + 256 * commands + 8192 * operators,
          std::to_string(commands) + " commands, " + std::to_string(operators) + " operators"};
}

MemoryEstimate estimate_network_memory(uint64_t messages, uint64_t links) {
  return {kBase + 224 * messages + 512 * links,
          std::to_string(messages) + " messages, " + std::to_string(links) + " links"};
}

void check_memory_limit(const MemoryEstimate& e, uint64_t limit, const std::string& what) {
  if (limit > 0 && e.bytes > limit)
    throw InputError(what + " needs an estimated " + mib(e.bytes) + " of memory (" + e.basis +
                     "), more than simulation.memory_limit " + mib(limit));
}

uint64_t peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<uint64_t>(u.ru_maxrss) * 1024;  // kilobytes on Linux
}

}  // namespace tessera
