// Spec of a core's vector unit (hardware.vector_unit).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

struct VectorUnitSpec {
  int64_t lanes = 0;
  double clock_hz = 0;
  int64_t latency = 0;                         // pipeline fill cycles per command
  std::map<std::string, double> op_cycles = {  // cycles per lane-group per elementary op
      {"add", 1}, {"mul", 1},  {"max", 1}, {"copy", 1}, {"exp", 4},
      {"div", 4}, {"sqrt", 4}, {"erf", 4}, {"tanh", 4}};
};

}  // namespace tessera
