// Schemas of the run-level sections (workload, simulation, passes) and of the whole document.
#include "models/spec/precision.h"
#include "sim/config/hardware_schema.h"
#include "sim/config/run_config.h"
#include "sim/config/schema.h"

namespace tessera {

namespace {

const Schema<WorkloadSpec>& workload_schema() {
  static const Schema<WorkloadSpec> s = [] {
    Schema<WorkloadSpec> s("workload", "What to run");
    s.text("model", &WorkloadSpec::model, "resnet50",
           "zoo model name, gemm:M=..,N=..,K=.., conv:H=..,W=..,C=..,K=..,R=..,S=.., or a .onnx file")
        .integer("batch", &WorkloadSpec::batch, "1", 1, 1 << 20, "samples", "batch size")
        .integer("seq_len", &WorkloadSpec::seq_len, "128", 1, 1 << 20, "tokens",
                 "sequence length of transformer models")
        .text("precision", &WorkloadSpec::precision, "native",
              "precision of weights, activations and MACs: fp32, bf16, fp16, fp8, int8, int4, or native")
        .string_list("input_shapes", &WorkloadSpec::input_shapes, kNoDefault,
                     "ONNX: fixed shapes for dynamic inputs, name=1x3x224x224")
        .flag("skip_unsupported", &WorkloadSpec::skip_unsupported, "false",
              "ONNX: skip operators Tessera does not know (listed in the report) instead of failing")
        .check([](const WorkloadSpec& w, const ConfigNode& n, const std::string& path) {
          if (w.precision != "native" && !precision_from_name(w.precision))
            fail_at(n, join_key(path, "precision"),
                    "unknown precision '" + w.precision + "' (expected fp32, bf16, fp16, fp8, int8, int4 or native)");
        });
    return s;
  }();
  return s;
}

const Schema<SimulationSpec>& simulation_schema() {
  static const Schema<SimulationSpec> s = [] {
    Schema<SimulationSpec> s("simulation", "How to simulate");
    s.choice("dram", &SimulationSpec::dram, "simple", {{"simple", DramFidelity::Simple}, {"bank", DramFidelity::Bank}},
             "DRAM fidelity: simple (bandwidth + latency + queue) or bank (banks, row buffers, timing, refresh)")
        .quantity("dma_quantum", &SimulationSpec::dma_quantum_s, Quantity::Time, "0ns", 0, 1e-3, true,
                  "how far a DMA channel may run ahead of the kernel before synchronising: 0 keeps every "
                  "memory request in time order (exact); e.g. 50ns halves the run time of memory-heavy "
                  "workloads but lets competing requesters see each other's future requests (ResNet-50 on "
                  "edge-npu: +0.7% latency)");
    return s;
  }();
  return s;
}

const Schema<PassSpec>& passes_schema() {
  static const Schema<PassSpec> s = [] {
    Schema<PassSpec> s("passes", "Graph passes applied before lowering");
    s.flag("fusion", &PassSpec::fusion, "true",
           "fuse batch-norm, bias and activations into the producing convolution or GEMM");
    return s;
  }();
  return s;
}

const Schema<RunSpec>& run_schema() {
  static const Schema<RunSpec> s = [] {
    Schema<RunSpec> s("run", "A complete run file");
    s.section("hardware", &RunSpec::hardware, chip_schema(), "", "the accelerator")
        .section("technology", &RunSpec::technology, tech_schema(), "", "energy and area figures")
        .section("workload", &RunSpec::workload, workload_schema(), "{}", "the workload")
        .section("simulation", &RunSpec::simulation, simulation_schema(), "{}", "simulation options")
        .section("passes", &RunSpec::passes, passes_schema(), "{}", "graph passes");
    return s;
  }();
  return s;
}

SchemaRegistrar register_workload(workload_schema());
SchemaRegistrar register_simulation(simulation_schema());
SchemaRegistrar register_passes(passes_schema());
SchemaRegistrar register_run(run_schema());

}  // namespace

RunSpec parse_run(ConfigNode& tree) { return run_schema().parse(tree, ""); }

LoadedRun load_run(const RunInputs& in) {
  LoadedRun out;
  out.resolved = load_config_file(in.run_file.empty() ? kDefaultRunFile : in.run_file);
  if (!in.hw_file.empty()) {
    ConfigNode hw = load_config_file(in.hw_file);
    // A hardware file brings whole sections; they replace the run's rather than merge into them,
    // so no key of the previous chip leaks into the new one.
    for (const auto& kv : hw.entries()) out.resolved.set(kv.first, kv.second);
  }
  if (!in.model.empty()) set_path(out.resolved, "workload.model", ConfigNode::scalar(in.model, SourceLoc{"--model", 0}));
  if (in.batch)
    set_path(out.resolved, "workload.batch", ConfigNode::scalar(std::to_string(*in.batch), SourceLoc{"--batch", 0}));
  for (const auto& s : in.sets) apply_override(out.resolved, s);
  out.spec = parse_run(out.resolved);
  return out;
}

}  // namespace tessera
