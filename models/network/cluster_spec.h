// Typed description of a cluster: nodes (each one chip as in hardware:) and the network between
// them. Plain data; sim/config spells it in YAML.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

struct LinkSpec {
  double bandwidth = 0;      // bytes/s per direction
  double latency_s = 0;      // per hop
  double efficiency = 1.0;   // fraction of the line rate left after protocol overhead
  int64_t buffer_depth = 4;  // packets the receiving buffer holds (credits), packet backend
  std::string kind =
      "serdes";  // energy class: serdes, nvlink or pcie (technology.link_energy_per_bit)
  double usable_bandwidth() const { return bandwidth * efficiency; }
};

struct SwitchSpec {
  double latency_s = 0;     // through the switch
  int64_t port_buffer = 8;  // packets per input port
};

// One dimension of a hierarchical network (ASTRA-sim style): nodes that differ only in this
// coordinate are connected by a `topology` of `size` nodes.
struct DimensionSpec {
  std::string topology;  // ring, fully_connected, switch
  int64_t size = 0;
  LinkSpec link;
  SwitchSpec sw;
};

struct ParallelismSpec {
  int64_t dp = 1, tp = 1, pp = 1;
  int64_t microbatches = 1;
  std::string schedule = "1f1b";            // gpipe or 1f1b
  uint64_t bucket = 25ull << 20;            // data-parallel gradient bucket (bytes)
  std::string tp_collective = "allreduce";  // allreduce or reduce_scatter (with all-gather)
};

struct ClusterSpec {
  int64_t nodes = 0;
  std::string topology;  // ring, torus2d, torus3d, fully_connected, switch, fat_tree, hierarchical
  std::vector<int64_t> shape;  // torus sizes per dimension
  LinkSpec link;               // every link (flat topologies); default for dimensions
  SwitchSpec sw;
  int64_t leaves = 0, spines = 0;         // fat tree
  LinkSpec spine_link;                    // fat tree: leaf <-> spine links (default: link)
  std::vector<DimensionSpec> dimensions;  // hierarchical
  uint64_t packet_size = 64 << 10;        // packet backend
  std::string algorithm = "ring";         // default collective algorithm
  int64_t chunks = 1;                     // pipelining chunks per collective
  double endpoint_latency_s = 0;          // fixed software/NIC cost per message
  bool deadlock_avoidance = true;         // dateline virtual channels on rings and tori
  ParallelismSpec parallelism;
  bool present() const { return nodes > 0; }
};

}  // namespace tessera
