#include "sim/run/memory_estimate.h"

#include <sys/resource.h>
#include <unistd.h>

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
  const uint64_t per_message =
      messages > (UINT64_MAX - kBase) / 256 ? UINT64_MAX - kBase : 224 * messages;
  return {kBase + per_message + 512 * links,
          std::to_string(messages) + " messages, " + std::to_string(links) + " links"};
}

uint64_t effective_memory_limit(uint64_t configured) {
  if (configured > 0) return configured;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return UINT64_MAX;
  return static_cast<uint64_t>(pages) / 4 * 3 * static_cast<uint64_t>(page);
}

namespace {
std::string limit_text(uint64_t configured) {
  return configured > 0 ? "simulation.memory_limit " + mib(configured)
                        : "3/4 of this machine's memory, " + mib(effective_memory_limit(0)) +
                              " (simulation.memory_limit)";
}
}  // namespace

void check_memory_limit(const MemoryEstimate& e, uint64_t configured, const std::string& what) {
  if (e.bytes > effective_memory_limit(configured))
    throw InputError(what + " needs an estimated " + mib(e.bytes) + " of memory (" + e.basis +
                     "), more than " + limit_text(configured));
}

uint64_t chip_command_budget(uint64_t configured, uint64_t operators) {
  const uint64_t limit = effective_memory_limit(configured);
  const uint64_t fixed = kBase + 8192 * operators;
  return limit > fixed ? (limit - fixed) / 256 : 0;
}

std::string chip_budget_reason(uint64_t configured) {
  return "about 256 B each: more than " + limit_text(configured);
}

uint64_t peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<uint64_t>(u.ru_maxrss) * 1024;  // kilobytes on Linux
}

}  // namespace tessera
