#include "compiler_frontend/lowering/lowering.h"

#include "compiler_frontend/lowering/lowering_context.h"
#include "models/spec/errors.h"
#include "models/timing/clock.h"

namespace tessera {

LoweringContext::LoweringContext(const Graph& graph, const ChipSpec& c, OperatorProgram& p)
    : g(graph), chip(c), prog(p), b(p) {
  ready.assign(g.num_tensors(), kNoCmd);
  addr.assign(g.num_tensors(), 0);
  for (size_t i = 0; i < chip.buffers.size(); ++i)
    for (const auto& h : chip.buffers[i].holds) {
      if (h == "inputs") inputs_buffer = static_cast<uint8_t>(i);
      if (h == "weights") weights_buffer = static_cast<uint8_t>(i);
      if (h == "outputs") outputs_buffer = static_cast<uint8_t>(i);
    }
  dram_bytes_per_s = chip.dram.bandwidth * static_cast<double>(chip.dram.channels);
}

uint32_t LoweringContext::barrier(const std::vector<uint32_t>& deps, uint32_t layer) {
  std::vector<uint32_t> real;
  for (uint32_t d : deps)
    if (d != kNoCmd) real.push_back(d);
  if (real.empty()) return kNoCmd;
  if (real.size() == 1) return real[0];
  Command c;
  c.kind = CmdKind::Barrier;
  c.layer = layer;
  uint32_t id = b.add(c);
  for (uint32_t d : real) b.depend(id, d);
  return id;
}

uint32_t LoweringContext::load(uint16_t core, uint8_t buffer, uint64_t address, uint64_t bytes,
                               uint32_t layer, uint32_t after, Precision p) {
  Command c;
  c.kind = CmdKind::Load;
  c.core = core;
  c.buffer = buffer;
  c.addr = address;
  c.bytes = bytes;
  c.layer = layer;
  c.precision = p;
  uint32_t id = b.add(c);
  b.depend(id, after);
  return id;
}

uint32_t LoweringContext::store(uint16_t core, uint8_t buffer, uint64_t address, uint64_t bytes,
                                uint32_t layer, Precision p) {
  Command c;
  c.kind = CmdKind::Store;
  c.core = core;
  c.buffer = buffer;
  c.addr = address;
  c.bytes = bytes;
  c.layer = layer;
  c.precision = p;
  return b.add(c);
}

LayerPlan& LoweringContext::new_layer(const OpNode& op) {
  LayerPlan l;
  l.op = static_cast<int32_t>(&op - g.ops().data());
  l.name = op.name;
  l.op_type = op.type;
  l.kind = op_kind_name(op.kind);
  l.macs = op.macs();
  l.precision = op.precision;
  l.fused = op.fused;
  l.sparsity = op.sparsity;
  l.sparse_2_4 = op.sparse_2_4;
  for (size_t i = 0; i < op.inputs.size(); ++i) {
    const Tensor& t = g.tensor(op.inputs[i]);
    if (is_stored_ahead(t.kind)) {
      l.weight_bytes += t.bytes();
    } else {
      l.input_bytes += t.bytes();
    }
  }
  for (TensorId t : op.outputs) l.output_bytes += g.tensor(t).bytes();
  l.min_dram_bytes = l.weight_bytes + l.input_bytes + l.output_bytes;
  prog.layers.push_back(std::move(l));
  return prog.layers.back();
}

uint32_t LoweringContext::add_work(const VectorWork& w) {
  prog.works.push_back(w);
  return static_cast<uint32_t>(prog.works.size() - 1);
}

namespace {

// Views alias their source's storage; concatenations and splits become ready when every source
// is. Storage for all other tensors is laid out linearly, 4 KiB aligned, weights first.
void allocate(LoweringContext& ctx, const std::vector<OpId>& order) {
  uint64_t next = 0;
  auto place = [&](TensorId t) {
    ctx.addr[static_cast<size_t>(t)] = next;
    next += (ctx.g.tensor(t).bytes() + 4095) / 4096 * 4096;
  };
  for (size_t t = 0; t < ctx.g.num_tensors(); ++t)
    if (ctx.g.tensor(static_cast<TensorId>(t)).kind != TensorKind::Activation)
      place(static_cast<TensorId>(t));
  for (OpId id : order) {
    const OpNode& op = ctx.g.op(id);
    for (TensorId out : op.outputs) {
      if (op.kind == OpKind::View && !op.inputs.empty()) {
        ctx.addr[static_cast<size_t>(out)] = ctx.addr[static_cast<size_t>(op.inputs.back())];
      } else {
        place(out);
      }
    }
  }
  ctx.prog.dram_footprint = next;
}

// The runtime model: each operator (layer) starts with a launch barrier. With a kernel overhead
// the barrier waits for the previous operator to finish and then that long (a GPU stream: one
// kernel after another, each with its fixed launch and retire cost); in JIT mode it also waits
// for the host to have dispatched the operator, the host issuing one every dispatch_overhead.
void apply_runtime(LoweringContext& ctx) {
  const RuntimeSpec& rt = ctx.chip.runtime;
  const bool jit = rt.mode == "jit";
  if (rt.kernel_overhead_s <= 0 && !jit) return;
  const uint32_t n = ctx.b.size();
  std::vector<std::vector<uint32_t>> by_layer(ctx.prog.layers.size());
  for (uint32_t i = 0; i < n; ++i) by_layer[ctx.prog.commands[i].layer].push_back(i);
  uint32_t prev_launch = kNoCmd;
  for (size_t L = 0; L < by_layer.size(); ++L) {
    Command launch;
    launch.kind = CmdKind::Barrier;
    launch.layer = static_cast<uint32_t>(L);
    launch.delay = seconds_to_fs(rt.kernel_overhead_s);
    if (jit) launch.not_before = seconds_to_fs(rt.dispatch_overhead_s * static_cast<double>(L + 1));
    const uint32_t id = ctx.b.add(launch);
    ctx.b.depend(id, prev_launch);  // launches stay in program order
    if (rt.kernel_overhead_s > 0 && L > 0)
      for (uint32_t c : by_layer[L - 1]) ctx.b.depend(id, c);  // one operator after another
    for (uint32_t c : by_layer[L]) ctx.b.depend(c, id);
    prev_launch = id;
  }
}

}  // namespace

OperatorProgram lower_graph(const Graph& g, const ChipSpec& chip, uint64_t max_commands,
                            const std::string& why) {
  OperatorProgram prog;
  LoweringContext ctx(g, chip, prog);
  if (max_commands != UINT64_MAX) ctx.b.set_budget(max_commands, why);
  std::vector<OpId> order = g.topological_order();
  allocate(ctx, order);
  for (OpId id : order) {
    const OpNode& op = g.op(id);
    switch (op.kind) {
      case OpKind::Conv:
      case OpKind::MatMul:
        lower_gemm_op(ctx, op);
        break;
      case OpKind::Attention:
        lower_attention_op(ctx, op);
        break;
      case OpKind::Pool:
      case OpKind::Elementwise:
      case OpKind::Optimizer:
        lower_vector_op(ctx, op);
        break;
      case OpKind::Embedding:
        lower_embedding_op(ctx, op);
        break;
      case OpKind::Transpose:
      case OpKind::View: {
        std::vector<uint32_t> deps;
        for (TensorId t : op.inputs) deps.push_back(ctx.ready[static_cast<size_t>(t)]);
        uint32_t r = ctx.barrier(deps, prog.layers.empty() ? 0 : ctx.current_layer());
        for (TensorId t : op.outputs) ctx.ready[static_cast<size_t>(t)] = r;
        break;
      }
      case OpKind::Collective: {
        // Tensor-parallel communication runs on the network, not on this chip: the layer is a
        // synchronisation point whose duration the cluster schedule supplies.
        ctx.new_layer(op);
        std::vector<uint32_t> deps;
        for (TensorId t : op.inputs) deps.push_back(ctx.ready[static_cast<size_t>(t)]);
        uint32_t r = ctx.barrier(deps, ctx.current_layer());
        for (TensorId t : op.outputs) ctx.ready[static_cast<size_t>(t)] = r;
        break;
      }
    }
  }
  apply_runtime(ctx);
  ctx.b.finish();
  return prog;
}

}  // namespace tessera
