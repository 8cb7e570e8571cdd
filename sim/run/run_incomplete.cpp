#include "sim/run/run_incomplete.h"

#include <cstdio>

namespace tessera {

namespace {

std::string describe(const RunProgress& p) {
  char b[256];
  std::snprintf(
      b, sizeof b,
      "the wall-clock limit of %gs stopped the %s at simulated %.6g s: %llu of %llu %s done",
      p.wall_limit_s, p.where.c_str(), p.simulated_s, static_cast<unsigned long long>(p.done),
      static_cast<unsigned long long>(p.total), p.where == "network" ? "messages" : "commands");
  return b;
}

}  // namespace

std::chrono::steady_clock::time_point run_clock_start() {
  static const auto start = std::chrono::steady_clock::now();
  return start;
}

RunIncomplete::RunIncomplete(RunProgress p) : std::runtime_error(describe(p)), p_(std::move(p)) {}

}  // namespace tessera
