// Structural check of a Chrome trace-event file (plain or .gz): known phases, numeric
// timestamps, non-negative durations, balanced begin/end per thread, paired flows, named
// processes and threads, numeric counters. Used by tests and `tessera trace-check`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

struct TraceCheck {
  std::vector<std::string> problems;  // empty: valid (at most 20 listed)
  uint64_t events = 0;
  bool truncated = false;  // the writer's event limit cut it (otherData.truncated)
  bool ok() const { return problems.empty(); }
};

// Reads the file (plain or gzip) up to `max_bytes` once decompressed; a larger one, or one that
// is not a regular file, is an error before memory runs out.
constexpr uint64_t kDefaultMaxTraceBytes = uint64_t(2) << 30;
TraceCheck validate_trace_file(const std::string& path, uint64_t max_bytes = kDefaultMaxTraceBytes);
TraceCheck validate_trace_text(const std::string& json_text);

}  // namespace tessera
