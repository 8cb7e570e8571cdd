// Lowers vector-unit operators (element-wise, normalisation, softmax, pooling, optimizer
// updates) and table lookups. The output is cut into tiles; each tile's share of every input is
// loaded, processed and stored, double-buffered like the PE-array tiles.
#include <algorithm>

#include "compiler_frontend/lowering/lowering_context.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

struct StreamedOperand {
  TensorId tensor;
  uint64_t bytes;  // whole tensor
};

// Largest output tile (elements) whose inputs and outputs fit twice in their buffers.
uint64_t pick_tile(const LoweringContext& ctx, uint64_t out_elems, uint64_t out_bytes,
                   const std::vector<StreamedOperand>& ins, uint64_t resident_bytes,
                   const std::string& layer) {
  const auto& bufs = ctx.chip.buffers;
  for (uint64_t te = out_elems;; te = ceil_div(te, 2)) {
    std::vector<uint64_t> need(bufs.size(), 0);
    need[ctx.weights_buffer] += resident_bytes;
    for (const auto& in : ins) need[ctx.inputs_buffer] += 2 * ceil_div(in.bytes * te, out_elems);
    need[ctx.outputs_buffer] += 2 * ceil_div(out_bytes * te, out_elems);
    bool fits = true;
    for (size_t i = 0; i < bufs.size(); ++i) fits = fits && need[i] <= bufs[i].size;
    if (fits) return te;
    if (te == 1)
      throw MappingError("layer '" + layer +
                         "': no tile fits the buffers (one element with its inputs and " +
                         std::to_string(resident_bytes) + " B of parameters does not fit)");
  }
}

}  // namespace

void lower_vector_op(LoweringContext& ctx, const OpNode& op) {
  ctx.new_layer(op);
  const uint32_t layer = ctx.current_layer();
  const TensorId out_t = op.outputs.at(0);
  const Tensor& out = ctx.g.tensor(out_t);
  const uint64_t out_elems = std::max<uint64_t>(1, out.elements());
  std::vector<StreamedOperand> streamed;
  uint64_t resident = 0;  // small parameter tensors (LayerNorm gamma/beta, BN scale/shift)
  std::vector<TensorId> resident_tensors;
  for (TensorId t : op.inputs) {
    const Tensor& in = ctx.g.tensor(t);
    if (is_stored_ahead(in.kind) && in.elements() < out_elems) {
      resident += in.bytes();
      resident_tensors.push_back(t);
    } else {
      streamed.push_back({t, in.bytes()});
    }
  }
  uint64_t all_out_bytes = 0;
  for (TensorId o : op.outputs) all_out_bytes += ctx.g.tensor(o).bytes();
  const uint64_t te = pick_tile(ctx, out_elems, all_out_bytes, streamed, resident, op.name);
  const uint64_t tiles = ceil_div(out_elems, te);
  const uint32_t work = ctx.add_work(op.work);
  LayerPlan& L = ctx.prog.layers[layer];
  L.tile_m = te;
  L.cores_used =
      static_cast<uint32_t>(std::min<uint64_t>(tiles, static_cast<uint64_t>(ctx.chip.cores)));
  L.split = ctx.chip.cores > 1 ? "elements" : "none";

  const uint64_t cores = static_cast<uint64_t>(ctx.chip.cores);
  std::vector<uint32_t> param_load(cores, kNoCmd);
  std::vector<uint32_t> stores;
  uint64_t planned = 0;
  for (uint64_t ti = 0; ti < tiles; ++ti) {
    const uint16_t core = static_cast<uint16_t>(ti * cores / tiles);
    const uint64_t elems = std::min(te, out_elems - ti * te);
    std::vector<uint32_t> loads;
    std::vector<ProgramBuilder::Slot> slots;
    uint64_t read_bytes = 0;
    for (size_t i = 0; i < streamed.size(); ++i) {
      const auto& in = streamed[i];
      uint64_t bytes = ceil_div(in.bytes * elems, out_elems);
      uint64_t offset = ceil_div(in.bytes * ti * te, out_elems);
      uint32_t l = ctx.load(
          core, ctx.inputs_buffer, ctx.addr[static_cast<size_t>(in.tensor)] + offset, bytes, layer,
          ctx.ready[static_cast<size_t>(in.tensor)], ctx.g.tensor(in.tensor).dtype);
      // Two streamed inputs share the input ring: the second takes the weights ring's slots.
      slots.push_back(ctx.b.acquire(core, i == 0 ? Role::Inputs : Role::Weights, l));
      loads.push_back(l);
      read_bytes += bytes;
      planned += bytes;
    }
    if (resident && param_load[core] == kNoCmd) {
      // Parameters (LayerNorm gamma/beta, ...) follow the core's first input tile.
      std::vector<uint32_t> deps = loads;
      for (TensorId t : resident_tensors) deps.push_back(ctx.ready[static_cast<size_t>(t)]);
      param_load[core] =
          ctx.load(core, ctx.weights_buffer, ctx.addr[static_cast<size_t>(resident_tensors[0])],
                   resident, layer, ctx.barrier(deps, layer), op.precision);
      planned += resident;
    }
    Command v;
    v.kind = CmdKind::Vector;
    v.core = core;
    v.layer = layer;
    v.precision = op.precision;
    v.work = work;
    v.bytes = elems;
    v.buffer = ctx.outputs_buffer;
    v.read_buffer_a = ctx.inputs_buffer;
    v.read_bytes = read_bytes;
    uint64_t out_bytes = 0;
    for (TensorId o : op.outputs) out_bytes += ceil_div(ctx.g.tensor(o).bytes() * elems, out_elems);
    v.write_bytes = out_bytes;
    uint32_t vid = ctx.b.add(v);
    for (uint32_t l : loads) ctx.b.depend(vid, l);
    ctx.b.depend(vid, param_load[core]);
    ctx.b.chain(LoweringContext::vector_key(core), vid);
    for (const auto& s : slots) ctx.b.use(s, vid);
    ProgramBuilder::Slot out_slot = ctx.b.acquire(core, Role::Outputs, vid);
    // Every output (an optimizer also writes its moment tensors) leaves in its share.
    for (TensorId o : op.outputs) {
      const Tensor& ot = ctx.g.tensor(o);
      const uint64_t share = ceil_div(ot.bytes() * elems, out_elems);
      uint32_t s =
          ctx.store(core, ctx.outputs_buffer,
                    ctx.addr[static_cast<size_t>(o)] + ceil_div(ot.bytes() * ti * te, out_elems),
                    share, layer, ot.dtype);
      ctx.b.depend(s, vid);
      ctx.b.use(out_slot, s);
      stores.push_back(s);
      planned += share;
    }
  }
  ctx.prog.layers[layer].planned_dram_bytes = planned;
  uint32_t done = ctx.barrier(stores, layer);
  for (TensorId o : op.outputs) ctx.ready[static_cast<size_t>(o)] = done;
}

void lower_embedding_op(LoweringContext& ctx, const OpNode& op) {
  ctx.new_layer(op);
  const uint32_t layer = ctx.current_layer();
  const TensorId table_t = op.inputs.at(0), ids_t = op.inputs.at(1), out_t = op.outputs.at(0);
  const Tensor& out = ctx.g.tensor(out_t);
  const Tensor& ids = ctx.g.tensor(ids_t);
  // Only the looked-up rows cross DRAM, plus the indices; the report's compulsory traffic is
  // therefore rows, not the whole table.
  LayerPlan& L = ctx.prog.layers[layer];
  L.min_dram_bytes = out.bytes() * 2 + ids.bytes();
  L.weight_bytes = ctx.g.tensor(table_t).bytes();
  uint64_t out_elems = std::max<uint64_t>(1, out.elements());
  std::vector<StreamedOperand> streamed = {{table_t, out.bytes()}, {ids_t, ids.bytes()}};
  const uint64_t te = pick_tile(ctx, out_elems, out.bytes(), streamed, 0, op.name);
  const uint64_t tiles = ceil_div(out_elems, te);
  const uint64_t cores = static_cast<uint64_t>(ctx.chip.cores);
  L.tile_m = te;
  std::vector<uint32_t> stores;
  uint64_t planned = 0;
  for (uint64_t ti = 0; ti < tiles; ++ti) {
    const uint16_t core = static_cast<uint16_t>(ti * cores / tiles);
    const uint64_t elems = std::min(te, out_elems - ti * te);
    const uint64_t idx_bytes = ceil_div(ids.bytes() * elems, out_elems);
    const uint64_t row_bytes = ceil_div(out.bytes() * elems, out_elems);
    uint32_t li = ctx.load(core, ctx.inputs_buffer, ctx.addr[static_cast<size_t>(ids_t)], idx_bytes,
                           layer, ctx.ready[static_cast<size_t>(ids_t)], ids.dtype);
    ctx.b.acquire(core, Role::Weights, li);
    uint32_t lr =
        ctx.load(core, ctx.inputs_buffer, ctx.addr[static_cast<size_t>(table_t)] + ti * row_bytes,
                 row_bytes, layer, li, out.dtype);
    ProgramBuilder::Slot rows = ctx.b.acquire(core, Role::Inputs, lr);
    uint32_t s =
        ctx.store(core, ctx.inputs_buffer, ctx.addr[static_cast<size_t>(out_t)] + ti * row_bytes,
                  row_bytes, layer, out.dtype);
    ctx.b.depend(s, lr);
    ctx.b.use(rows, s);
    stores.push_back(s);
    planned += idx_bytes + 2 * row_bytes;
  }
  L.planned_dram_bytes = planned;
  ctx.ready[static_cast<size_t>(out_t)] = ctx.barrier(stores, layer);
}

}  // namespace tessera
