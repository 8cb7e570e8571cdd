// Spec of a core's systolic PE arrays (hardware.pe_array).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

enum class Dataflow : uint8_t { OS, WS, IS, Auto };
inline const char* dataflow_name(Dataflow d) {
  static const char* const names[] = {"os", "ws", "is", "auto"};
  return names[static_cast<int>(d)];
}

// SCALE-Sim v2 drains every fold before the next one preloads its stationary operand; real
// arrays with double-buffered weight registers hide that preload behind the previous fold.
enum class WeightPreload : uint8_t { Serial, Overlapped };
// SCALE-Sim reports the index of the last busy cycle (one less than the count, its issue #125);
// `scalesim` reproduces that in the reported compute_cycles, `exact` reports the count.
enum class CycleCount : uint8_t { Scalesim, Exact };

struct PeArraySpec {
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t arrays = 1;  // PE arrays per core
  Dataflow dataflow = Dataflow::WS;
  double clock_hz = 0;  // 0: the chip clock
  std::string native_precision;
  std::map<std::string, double> macs_per_cycle;  // per PE per cycle, by precision name
  WeightPreload weight_preload = WeightPreload::Serial;
  CycleCount cycle_count = CycleCount::Scalesim;
  bool zero_skipping = false;        // skips zero operands of unstructured sparsity
  bool structured_sparsity = false;  // 2:4 sparse tensor-core style support
  double efficiency = 1.0;  // sustained fraction of the fold rate (issue pipeline, bank stalls)
};

}  // namespace tessera
