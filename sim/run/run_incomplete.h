// A run stopped by its wall-clock limit (--max-wall, simulation.max_wall): not an error in the
// model, so it carries what was done so far for a partial report marked incomplete.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tessera {

struct RunProgress {
  std::string where;       // "chip", "network", "node of stage 2", ...
  double simulated_s = 0;  // simulated time reached
  double wall_limit_s = 0;
  uint64_t done = 0, total = 0;                             // commands (chip) or messages (network)
  std::vector<std::pair<std::string, double>> layers_done;  // finished layers and their end times
};

// When this process started its run (the first call; main calls it at start-up): wall-clock
// limits count from here, so loading, compiling and routing count too.
std::chrono::steady_clock::time_point run_clock_start();

class RunIncomplete : public std::runtime_error {
 public:
  explicit RunIncomplete(RunProgress p);
  const RunProgress& progress() const { return p_; }

 private:
  RunProgress p_;
};

}  // namespace tessera
