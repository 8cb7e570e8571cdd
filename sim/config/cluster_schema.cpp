// Schemas of the cluster section (network topology, links, collectives, parallelism).
#include "models/config/schema.h"
#include "models/network/cluster_spec.h"
#include "sim/config/run_config.h"

namespace tessera {

namespace {

const Schema<LinkSpec>& link_schema() {
  static const Schema<LinkSpec> s = [] {
    Schema<LinkSpec> s("link", "An inter-node link (one direction)");
    s.quantity("bandwidth", &LinkSpec::bandwidth, Quantity::Bandwidth, "", 0, 1e16, false,
               "line rate per direction")
        .quantity("latency", &LinkSpec::latency_s, Quantity::Time, "", 0, 1, true, "per hop")
        .real("efficiency", &LinkSpec::efficiency, "1.0", 0.01, 1.0, "",
              "fraction of the line rate left after protocol overhead (NVLink4 reaches about 0.82 "
              "in NCCL)")
        .integer("buffer_depth", &LinkSpec::buffer_depth, "4", 1, 1 << 20, "packets",
                 "receive buffer per virtual channel (credits), packet backend")
        .choice("kind", &LinkSpec::kind, "serdes",
                {{"serdes", std::string("serdes")},
                 {"nvlink", std::string("nvlink")},
                 {"pcie", std::string("pcie")}},
                "energy class of the link (technology.link_energy_per_bit)");
    return s;
  }();
  return s;
}

const Schema<SwitchSpec>& switch_schema() {
  static const Schema<SwitchSpec> s = [] {
    Schema<SwitchSpec> s("switch", "A network switch");
    s.quantity("latency", &SwitchSpec::latency_s, Quantity::Time, "0ns", 0, 1, true,
               "through the switch")
        .integer("port_buffer", &SwitchSpec::port_buffer, "8", 1, 1 << 20, "packets",
                 "buffer per input port");
    return s;
  }();
  return s;
}

const Schema<DimensionSpec>& dimension_schema() {
  static const Schema<DimensionSpec> s = [] {
    Schema<DimensionSpec> s("dimension", "One dimension of a hierarchical network");
    s.choice("topology", &DimensionSpec::topology, "",
             {{"ring", std::string("ring")},
              {"fully_connected", std::string("fully_connected")},
              {"switch", std::string("switch")}},
             "how the nodes of this dimension are connected")
        .integer("size", &DimensionSpec::size, "", 1, 1 << 20, "nodes",
                 "nodes along this dimension")
        .section("link", &DimensionSpec::link, link_schema(), "", "links of this dimension")
        .section("switch", &DimensionSpec::sw, switch_schema(), "{}", "switches of this dimension");
    return s;
  }();
  return s;
}

const Schema<ParallelismSpec>& parallelism_schema() {
  static const Schema<ParallelismSpec> s = [] {
    Schema<ParallelismSpec> s("parallelism",
                              "How the model is spread over the nodes (dp x tp x pp = nodes)");
    s.integer("dp", &ParallelismSpec::dp, "0", 0, 1 << 24, "",
              "data-parallel replicas (0: nodes / (tp x pp))")
        .integer("tp", &ParallelismSpec::tp, "1", 1, 1 << 16, "",
                 "tensor-parallel degree (Megatron-style)")
        .integer("pp", &ParallelismSpec::pp, "1", 1, 1 << 16, "", "pipeline stages")
        .integer("microbatches", &ParallelismSpec::microbatches, "1", 1, 1 << 16, "",
                 "micro-batches per step")
        .choice("schedule", &ParallelismSpec::schedule, "1f1b",
                {{"gpipe", std::string("gpipe")}, {"1f1b", std::string("1f1b")}},
                "pipeline schedule")
        .bytes("bucket", &ParallelismSpec::bucket, "25MiB", 1, uint64_t(1) << 50,
               "data-parallel gradient bucket: gradients are all-reduced a bucket at a time as "
               "backward produces them")
        .choice("tp_collective", &ParallelismSpec::tp_collective, "allreduce",
                {{"allreduce", std::string("allreduce")},
                 {"reduce_scatter", std::string("reduce_scatter")}},
                "tensor-parallel communication: all-reduce, or reduce-scatter + all-gather");
    return s;
  }();
  return s;
}

}  // namespace

const Schema<ClusterSpec>& cluster_schema() {
  static const Schema<ClusterSpec> s = [] {
    Schema<ClusterSpec> s(
        "cluster", "Many accelerator nodes (each one hardware: chip) and the network between them");
    s.integer("nodes", &ClusterSpec::nodes, "", 1, 1 << 24, "", "number of nodes")
        .custom(
            "topology",
            "ring|torus2d|torus3d|fully_connected|switch|fat_tree, or a list of dimensions", "",
            "the network; a list of dimensions makes a hierarchical network (lowest first)",
            [](ClusterSpec& c, ConfigNode& n, const std::string& p) {
              if (n.is_seq()) {
                c.topology = "hierarchical";
                c.dimensions.clear();
                for (size_t i = 0; i < n.items().size(); ++i)
                  c.dimensions.push_back(
                      dimension_schema().parse(n.items()[i], p + "." + std::to_string(i)));
                return;
              }
              const std::string& v = require_scalar(n, p);
              static const char* kinds[] = {"ring",   "torus2d", "torus3d", "fully_connected",
                                            "switch", "fat_tree"};
              for (const char* k : kinds)
                if (v == k) {
                  c.topology = v;
                  return;
                }
              fail_at(n, p,
                      "unknown topology '" + v +
                          "' (expected ring, torus2d, torus3d, fully_connected, switch, fat_tree "
                          "or a list of dimensions)");
            },
            &dimension_schema())
        .table_list("shape", &ClusterSpec::shape,
                    "torus sizes per dimension, e.g. [4, 4] or [4, 4, 4]")
        .section("link", &ClusterSpec::link, link_schema(), "",
                 "every link (default of hierarchical dimensions)")
        .section("switch", &ClusterSpec::sw, switch_schema(), "{}",
                 "switches (single switch, fat tree)")
        .integer("leaves", &ClusterSpec::leaves, "0", 0, 1 << 20, "", "fat tree: leaf switches")
        .integer("spines", &ClusterSpec::spines, "0", 0, 1 << 20, "", "fat tree: spine switches")
        .section("spine_link", &ClusterSpec::spine_link, link_schema(), kNoDefault,
                 "fat tree: leaf-spine links (default: link)")
        .bytes("packet_size", &ClusterSpec::packet_size, "64KiB", 1, uint64_t(1) << 32,
               "packet backend: largest packet")
        .choice("algorithm", &ClusterSpec::algorithm, "ring",
                {{"ring", std::string("ring")},
                 {"biring", std::string("biring")},
                 {"tree", std::string("tree")},
                 {"double_tree", std::string("double_tree")},
                 {"halving_doubling", std::string("halving_doubling")},
                 {"recursive_doubling", std::string("recursive_doubling")},
                 {"direct", std::string("direct")},
                 {"hierarchical", std::string("hierarchical")}},
                "default collective algorithm (tree: binomial reduce + broadcast; double_tree: "
                "NCCL's two binary "
                "trees; hierarchical: reduce-scatter, all-reduce, all-gather by dimension)")
        .integer("chunks", &ClusterSpec::chunks, "1", 1, 1 << 20, "",
                 "pipelining chunks per collective")
        .quantity("endpoint_latency", &ClusterSpec::endpoint_latency_s, Quantity::Time, "0ns", 0, 1,
                  true, "fixed cost per message at the sender (software, NIC)")
        .flag("deadlock_avoidance", &ClusterSpec::deadlock_avoidance, "true",
              "dateline virtual channels on rings and tori (turn off to study deadlock: the packet "
              "backend then "
              "reports the blocked links)")
        .section("parallelism", &ClusterSpec::parallelism, parallelism_schema(), "{}",
                 "data, tensor and pipeline parallelism")
        .check([](const ClusterSpec& c, const ConfigNode& n, const std::string& path) {
          const ParallelismSpec& p = c.parallelism;
          if (p.dp == 0 && c.nodes % (p.tp * p.pp) != 0) {
            const ConfigNode& pn = key_node(n, "parallelism");
            fail_key(pn, join_key(path, "parallelism"), "tp",
                     "tp x pp = " + std::to_string(p.tp * p.pp) +
                         " does not divide cluster.nodes " + std::to_string(c.nodes));
          }
          if (p.dp != 0 && p.dp * p.tp * p.pp != c.nodes) {
            const ConfigNode& pn = key_node(n, "parallelism");
            fail_key(pn, join_key(path, "parallelism"), "dp",
                     "dp x tp x pp = " + std::to_string(p.dp) + " x " + std::to_string(p.tp) +
                         " x " + std::to_string(p.pp) + " = " + std::to_string(p.dp * p.tp * p.pp) +
                         " but cluster.nodes is " + std::to_string(c.nodes));
          }
        });
    return s;
  }();
  return s;
}

namespace {
SchemaRegistrar register_cluster(cluster_schema());
SchemaRegistrar register_link(link_schema());
SchemaRegistrar register_dimension(dimension_schema());
SchemaRegistrar register_parallelism(parallelism_schema());
}  // namespace

}  // namespace tessera
