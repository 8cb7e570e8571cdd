// Schemas of the run-level sections (workload, simulation, passes) and of the whole document.
#include "models/config/schema.h"
#include "models/dram_bank/bank_dram_config.h"
#include "models/energy/energy_model.h"
#include "models/spec/precision.h"
#include "sim/config/hardware_schema.h"
#include "sim/config/run_config.h"

namespace tessera {

const Schema<ClusterSpec>& cluster_schema();

namespace {

const Schema<WorkloadSpec>& workload_schema() {
  static const Schema<WorkloadSpec> s = [] {
    Schema<WorkloadSpec> s("workload", "What to run");
    s.text(
         "model", &WorkloadSpec::model, "resnet50",
         "zoo model name, gemm:M=..,N=..,K=.., conv:H=..,W=..,C=..,K=..,R=..,S=.., or a .onnx file")
        .choice(
            "mode", &WorkloadSpec::mode, "inference",
            {{"inference", RunMode::Inference}, {"training", RunMode::Training}},
            "inference, or one training step (forward, backward, optimizer; see passes.training)")
        .integer("batch", &WorkloadSpec::batch, "1", 1, 1 << 20, "samples",
                 "batch size (on a cluster: per data-parallel replica and step)")
        .integer("seq_len", &WorkloadSpec::seq_len, "128", 1, 1 << 20, "tokens",
                 "sequence length of transformer models")
        .text("precision", &WorkloadSpec::precision, "native",
              "precision of weights, activations and MACs: fp32, bf16, fp16, fp8, int8, int4, or "
              "native")
        .string_list("input_shapes", &WorkloadSpec::input_shapes, kNoDefault,
                     "ONNX: fixed shapes for dynamic inputs, name=1x3x224x224")
        .flag(
            "skip_unsupported", &WorkloadSpec::skip_unsupported, "false",
            "ONNX: skip operators Tessera does not know (listed in the report) instead of failing")
        .check([](const WorkloadSpec& w, const ConfigNode& n, const std::string& path) {
          if (w.precision != "native" && !precision_from_name(w.precision))
            fail_key(n, path, "precision",
                     "unknown precision '" + w.precision +
                         "' (expected fp32, bf16, fp16, fp8, int8, int4 or native)");
        });
    return s;
  }();
  return s;
}

const Schema<SimulationSpec>& simulation_schema() {
  static const Schema<SimulationSpec> s = [] {
    Schema<SimulationSpec> s("simulation", "How to simulate");
    s.text("dram", &SimulationSpec::dram, kNoDefault,
           "alias of hardware.dram.type (simple: bandwidth + latency + queue; bank: banks, row "
           "buffers, timing, "
           "refresh); giving both with different values is an error")
        .quantity("dma_quantum", &SimulationSpec::dma_quantum_s, Quantity::Time, kFromStruct, 0,
                  1e-3, true,
                  "how far ahead of the kernel a DMA channel computes its transfer's bursts before "
                  "it yields: "
                  "transfers that overlap on a saturated memory port share it at this granularity "
                  "(0 yields "
                  "after every burst: exact time order, slowest)")
        .choice("network", &SimulationSpec::network, "analytical",
                {{"analytical", NetworkBackend::Analytical}, {"packet", NetworkBackend::Packet}},
                "cluster network backend: analytical (alpha-beta + max-min sharing, for scale) or "
                "packet "
                "(packets, credits, switch arbitration: congestion emerges)")
        .integer("watchdog_cycles", &SimulationSpec::watchdog_cycles, "1000000000", 0,
                 int64_t(1) << 62, "cycles",
                 "stop with an error naming the blocked blocks when no command finishes for this "
                 "many chip cycles "
                 "while work is outstanding (a deadlock or livelock); 0: off")
        .quantity("max_wall", &SimulationSpec::max_wall_s, Quantity::Time, "0s", 0, 1e9, true,
                  "wall-clock limit: the run stops cleanly with a partial report marked incomplete "
                  "(exit status 3); "
                  "0s: none (also --max-wall)")
        .bytes("memory_limit", &SimulationSpec::memory_limit, kFromStruct, 0, uint64_t(1) << 50,
               "refuse up front (while the program is built) a run whose estimated peak memory "
               "exceeds this (0B: three quarters of the machine's physical memory)");
    return s;
  }();
  return s;
}

void check_precision(const std::string& v, const ConfigNode& n, const std::string& path,
                     const char* extra) {
  if (v != extra && !precision_from_name(v))
    fail_at(n, path,
            "unknown precision '" + v + "' (expected fp32, bf16, fp16, fp8, int8, int4 or " +
                extra + ")");
}

const Schema<QuantRuleSpec>& quant_rule_schema() {
  static const Schema<QuantRuleSpec> s = [] {
    Schema<QuantRuleSpec> s("quantization_rule",
                            "Precision for the layers a rule matches (first match wins)");
    s.text("match", &QuantRuleSpec::match, "*",
           "glob on the layer name, e.g. 'layer4.*' or '*.fc*'")
        .text("op", &QuantRuleSpec::op, "any",
              "operator class: conv, matmul, attention, elementwise, pool, embedding, any")
        .text("weights", &QuantRuleSpec::weights, "inherit", "weight precision, or inherit")
        .text("activations", &QuantRuleSpec::activations, "inherit",
              "activation precision, or inherit")
        .check([](const QuantRuleSpec& r, const ConfigNode& n, const std::string& path) {
          check_precision(r.weights, n, join_key(path, "weights"), "inherit");
          check_precision(r.activations, n, join_key(path, "activations"), "inherit");
          static const char* ops[] = {"conv", "matmul",    "attention", "elementwise",
                                      "pool", "embedding", "any"};
          bool ok = false;
          for (const char* o : ops) ok = ok || r.op == o;
          if (!ok) fail_key(n, path, "op", "unknown operator class '" + r.op + "'");
        });
    return s;
  }();
  return s;
}

const Schema<QuantizationSpec>& quantization_schema() {
  static const Schema<QuantizationSpec> s = [] {
    Schema<QuantizationSpec> s("quantization",
                               "Precision of weights and activations, globally and per layer");
    s.text("weights", &QuantizationSpec::weights, "native",
           "weight precision (native: workload.precision)")
        .text("activations", &QuantizationSpec::activations, "native",
              "activation precision (native: workload.precision)")
        .list("rules", &QuantizationSpec::rules, quant_rule_schema(), "[]",
              "per-layer overrides, first match wins")
        .check([](const QuantizationSpec& q, const ConfigNode& n, const std::string& path) {
          check_precision(q.weights, n, join_key(path, "weights"), "native");
          check_precision(q.activations, n, join_key(path, "activations"), "native");
        });
    return s;
  }();
  return s;
}

const Schema<PruningSpec>& pruning_schema() {
  static const Schema<PruningSpec> s = [] {
    Schema<PruningSpec> s("pruning", "Weight sparsity of PE-array layers");
    s.real("sparsity", &PruningSpec::sparsity, "0", 0, 0.99, "fraction",
           "unstructured fraction of zero weights")
        .choice("structured", &PruningSpec::structured, "none",
                {{"none", std::string("none")}, {"2:4", std::string("2:4")}},
                "structured pattern: 2:4 keeps two of every four weights")
        .string_list("match", &PruningSpec::match, "*",
                     "globs on layer names to prune (default: all)");
    return s;
  }();
  return s;
}

const Schema<TrainingSpec>& training_schema() {
  static const Schema<TrainingSpec> s = [] {
    Schema<TrainingSpec> s("training", "Training-step expansion (workload.mode: training)");
    s.choice("optimizer", &TrainingSpec::optimizer, "sgd",
             {{"sgd", std::string("sgd")}, {"adam", std::string("adam")}},
             "optimizer: sgd (w -= lr g) or adam (two fp32 moment tensors per weight)")
        .flag("input_gradients", &TrainingSpec::input_gradients, "true",
              "also compute the gradient of the model input (makes a GEMM network's training MACs "
              "3x inference)");
    return s;
  }();
  return s;
}

const Schema<PassSpec>& passes_schema() {
  static const Schema<PassSpec> s = [] {
    Schema<PassSpec> s("passes", "Graph passes applied before lowering");
    s.flag("fusion", &PassSpec::fusion, "true",
           "fuse batch-norm, bias, residual adds and element-wise work into the producing "
           "convolution or GEMM")
        .flag("attention", &PassSpec::attention, "true",
              "fuse QK^T-softmax-xV into one operator when hardware.fused_attention is set "
              "(inference only)")
        .section("quantization", &PassSpec::quantization, quantization_schema(), "{}",
                 "per-layer precision")
        .section("pruning", &PassSpec::pruning, pruning_schema(), "{}", "weight sparsity")
        .section("training", &PassSpec::training, training_schema(), "{}",
                 "training-step expansion");
    return s;
  }();
  return s;
}

const Schema<RunSpec>& run_schema() {
  static const Schema<RunSpec> s = [] {
    Schema<RunSpec> s("run", "A complete run file");
    s.section("hardware", &RunSpec::hardware, chip_schema(), "", "the accelerator")
        .custom(
            "technology", "section or node name", "",
            "energy and area figures: a table, or a node "
            "(45nm, 16nm, 7nm, 5nm) selecting configs/tech/<node>.yaml",
            [](RunSpec& r, ConfigNode& n, const std::string& p) {
              parse_technology(r.technology, n, p);
            },
            &tech_schema())
        .section("workload", &RunSpec::workload, workload_schema(), "{}", "the workload")
        .section("simulation", &RunSpec::simulation, simulation_schema(), "{}",
                 "simulation options")
        .section("passes", &RunSpec::passes, passes_schema(), "{}", "graph passes")
        .section("cluster", &RunSpec::cluster, cluster_schema(), kNoDefault,
                 "many nodes and their network (absent: one chip)");
    return s;
  }();
  return s;
}

SchemaRegistrar register_workload(workload_schema());
SchemaRegistrar register_simulation(simulation_schema());
SchemaRegistrar register_passes(passes_schema());
SchemaRegistrar register_quantization(quantization_schema());
SchemaRegistrar register_pruning(pruning_schema());
SchemaRegistrar register_training(training_schema());
SchemaRegistrar register_run(run_schema());

}  // namespace

namespace {

// simulation.dram is an alias of hardware.dram.type: copy it there (with its file and line), or
// refuse a contradiction.
void apply_dram_alias(ConfigNode& tree) {
  const ConfigNode* alias = find_path(tree, "simulation.dram");
  if (!alias || !alias->is_scalar()) return;
  const ConfigNode* type = find_path(tree, "hardware.dram.type");
  if (!type) {
    ConfigNode copy = *alias;
    set_path(tree, "hardware.dram.type", copy);
  } else if (type->is_scalar() && type->value() != alias->value()) {
    throw ConfigError(alias->loc(), "simulation.dram",
                      "'" + alias->value() + "' contradicts hardware.dram.type '" + type->value() +
                          "' at " + type->loc().describe() +
                          " (simulation.dram is an alias of it)");
  }
}

}  // namespace

RunSpec parse_run(ConfigNode& tree) {
  apply_dram_alias(tree);
  RunSpec spec = run_schema().parse(tree, "");
  ParallelismSpec& par = spec.cluster.parallelism;
  if (spec.cluster.present() && par.dp == 0) par.dp = spec.cluster.nodes / (par.tp * par.pp);
  // The simple DRAM model takes its bandwidth and latency from the bank-level preset unless the
  // config gives them, so both fidelity levels describe the same memory.
  DramSpec& d = spec.hardware.dram;
  if (d.has_bank_model()) {
    if (d.bandwidth <= 0) d.bandwidth = dram_peak_bandwidth(d);
    if (d.latency_s <= 0) d.latency_s = dram_unloaded_latency(d);
  }
  const PowerSpec& pw = spec.hardware.power;
  if (pw.capped()) {
    const double leak = EnergyModel(spec.hardware, spec.technology).total_leakage_w();
    if (pw.tdp_w <= leak) {
      const ConfigNode* n = find_path(tree, "hardware.power.tdp");
      throw ConfigError(n ? n->loc() : tree.loc(), "hardware.power.tdp",
                        "the cap " + format_quantity(pw.tdp_w, Quantity::Power) +
                            " is not above the chip's leakage power " +
                            format_quantity(leak, Quantity::Power) + ": nothing could run");
    }
  }
  const BlockConfig* dram_block = spec.hardware.block("dram");
  if (dram_block && dram_block->type_name() == "bank" && !d.has_bank_model()) {
    const bool by_alias = find_path(tree, "simulation.dram") != nullptr;
    const char* key = by_alias ? "simulation.dram" : "hardware.dram.type";
    const ConfigNode* n = find_path(tree, key);
    throw ConfigError(
        n ? n->loc() : tree.loc(), key,
        "bank-level DRAM needs hardware.dram to include a preset (configs/dram/*.yaml)");
  }
  return spec;
}

namespace {

// Whether a value was brought in by a DRAM preset file (configs/dram/*.yaml), rather than
// written in the hardware file, a run file or --set.
bool from_dram_preset(const ConfigNode& n) {
  const std::string& f = n.loc().file;
  const size_t slash = f.find_last_of('/');
  return slash != std::string::npos && slash >= 4 && f.compare(slash - 4, 5, "dram/") == 0;
}

}  // namespace

void apply_dram_preset(ConfigNode& root) {
  ConfigNode* hw = root.find("hardware");
  ConfigNode* dram = hw && hw->is_map() ? hw->find("dram") : nullptr;
  const ConfigNode* preset = dram && dram->is_map() ? dram->find("preset") : nullptr;
  if (!preset || !preset->is_scalar()) return;
  const std::string name = preset->value();
  const bool is_path = name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0;
  const std::string file = is_path ? name : "@configs/dram/" + name + ".yaml";
  if (!source_file_exists(file))
    throw ConfigError(
        preset->loc(), "hardware.dram.preset",
        "unknown DRAM preset '" + name +
            "' (ddr4-3200, lpddr4x-4266, lpddr5-6400, hbm2e-3200, hbm3-6400, or a .yaml path)");
  const ConfigNode p = load_config_file(file);
  if (!p.is_map())
    throw ConfigError(preset->loc(), "hardware.dram.preset",
                      "the preset " + file + " is not a map");
  for (const auto& [k, v] : p.entries()) {
    const ConfigNode* have = dram->find(k);
    if (!have || from_dram_preset(*have)) dram->set(k, v);
  }
}

LoadedRun load_run(const RunInputs& in) {
  LoadedRun out;
  out.resolved = load_config_file(in.run_file.empty() ? kDefaultRunFile : in.run_file);
  if (!in.hw_file.empty()) {
    ConfigNode hw = load_config_file(in.hw_file);
    // A hardware file brings whole sections; they replace the run's rather than merge into them,
    // so no key of the previous chip leaks into the new one.
    for (const auto& kv : hw.entries()) out.resolved.set(kv.first, kv.second);
  }
  if (!in.model.empty())
    set_path(out.resolved, "workload.model", ConfigNode::scalar(in.model, SourceLoc{"--model", 0}));
  if (in.batch)
    set_path(out.resolved, "workload.batch",
             ConfigNode::scalar(std::to_string(*in.batch), SourceLoc{"--batch", 0}));
  for (const auto& s : in.sets) apply_override(out.resolved, s);
  apply_dram_preset(out.resolved);
  out.spec = parse_run(out.resolved);
  return out;
}

}  // namespace tessera
