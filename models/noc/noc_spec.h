// Spec of the on-chip interconnect (hardware.interconnect).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tessera {

// On-chip network between the cores and the memory side. Absent (type empty): an ideal
// connection (single-core chips).
struct InterconnectSpec {
  std::string type;  // crossbar or mesh
  int64_t mesh_cols = 0, mesh_rows = 0;
  uint64_t link_width = 0;    // bytes per cycle per link
  int64_t hop_latency = 1;    // cycles per hop
  uint64_t header = 16;       // bytes of a packet header
  double wire_length_mm = 1;  // wire per hop (energy: technology onchip_wire_per_mm)
  double clock_hz = 0;        // 0: chip clock
  std::vector<int64_t>
      memory_nodes;  // mesh: router of each memory port (default: left and right edges)
  bool present() const { return !type.empty(); }
};

}  // namespace tessera
