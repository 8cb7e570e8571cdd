#include "models/noc/noc_schema.h"

#include "models/platform/block_registry.h"

namespace tessera {

const Schema<InterconnectSpec>& interconnect_schema() {
  static const Schema<InterconnectSpec> s = [] {
    Schema<InterconnectSpec> s("interconnect",
                               "On-chip network between cores and memory (crossbar or 2-D mesh)");
    s.text("type", &InterconnectSpec::type, kNoDefault,
           "registered type: crossbar (one link per core and per memory port into a switch) or "
           "mesh (XY-routed "
           "2-D grid); `tessera describe interconnect` lists every registered type")
        .integer("mesh_cols", &InterconnectSpec::mesh_cols, "0", 0, 4096, "routers",
                 "mesh columns (mesh only)")
        .integer("mesh_rows", &InterconnectSpec::mesh_rows, "0", 0, 4096, "routers",
                 "mesh rows (mesh only)")
        .bytes("link_width", &InterconnectSpec::link_width, "", 1, 1 << 20,
               "bytes per cycle per link")
        .real("wire_length", &InterconnectSpec::wire_length_mm, "1", 0, 1000, "mm",
              "wire per hop, for its energy (technology.link_energy_per_bit.onchip_wire_per_mm)")
        .integer("hop_latency", &InterconnectSpec::hop_latency, "1", 1, 1000, "cycles",
                 "cycles per hop (router + wire)")
        .bytes("header", &InterconnectSpec::header, "16B", 0, 4096, "bytes of header per packet")
        .quantity("clock", &InterconnectSpec::clock_hz, Quantity::Frequency, kNoDefault, 0,
                  kMaxClock, false, "network clock (default: hardware.clock)")
        .table_list("memory_nodes", &InterconnectSpec::memory_nodes,
                    "mesh: router of each memory port "
                    "(default: spread over the left and right edges)")
        .check([](const InterconnectSpec& ic, const ConfigNode& n, const std::string& path) {
          if (ic.type == "mesh") return;
          for (const char* k : {"mesh_cols", "mesh_rows", "memory_nodes"}) {
            const ConfigNode* v = n.find(k);
            if (v && v->loc().line > 0)  // written by someone (not a default)
              fail_key(
                  n, path, k,
                  std::string("belongs to interconnect type 'mesh', but this section's type is '") +
                      ic.type + "'");
          }
        });
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(interconnect_schema());
const BlockSectionRegistrar kSection({"interconnect",
                                      "on-chip network between the cores and the memory ports",
                                      BlockRole::MemoryLevel, 1, ""});
const BlockTypeRegistrar kCrossbar("interconnect", "crossbar",
                                   "one link per core and per memory port into a switch");
const BlockTypeRegistrar kMesh(
    "interconnect", "mesh", "XY-routed 2-D grid of routers, one per core (mesh_cols x mesh_rows)");
}  // namespace

}  // namespace tessera
