// Lowers a convolution or matrix product to PE-array tiles.
#include <algorithm>
#include <map>

#include "compiler_frontend/lowering/lowering_context.h"
#include "compiler_frontend/lowering/mapper.h"
#include "models/pe_array/pe_array_timing.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

// Grouped convolutions with few output channels per group waste most of the array; packing
// `pack` groups block-diagonally into one product fills the columns (the zeros off the diagonal
// are computed but are not counted as useful MACs).
uint64_t group_pack(const ConvAttrs& c, uint64_t cols) {
  uint64_t g = static_cast<uint64_t>(c.groups);
  uint64_t kg = static_cast<uint64_t>(c.k / c.groups);
  if (g == 1 || kg >= cols) return 1;
  uint64_t pack = std::min<uint64_t>(g, std::max<uint64_t>(1, cols / kg));
  while (g % pack) --pack;
  return pack;
}

double reduction_scale(const OpNode& op, const PeArraySpec& pe) {
  double s = 1.0;
  if (op.sparse_2_4 && pe.structured_sparsity) s *= 0.5;
  if (op.sparsity > 0 && pe.zero_skipping) s *= 1.0 - op.sparsity;
  return s;
}

}  // namespace

void lower_gemm_op(LoweringContext& ctx, const OpNode& op) {
  const ChipSpec& chip = ctx.chip;
  const PeArraySpec& pe = chip.pe_array;
  ctx.new_layer(op);
  const uint32_t layer = ctx.current_layer();
  const uint32_t first_cmd = ctx.b.size();
  auto rate = pe.macs_per_cycle.find(precision_name(op.precision));
  if (rate == pe.macs_per_cycle.end()) {
    std::string supported;
    for (const auto& kv : pe.macs_per_cycle)
      supported += (supported.empty() ? "" : ", ") + kv.first;
    throw MappingError("layer '" + op.name + "': precision " + precision_name(op.precision) +
                       " is not supported by the PE array (macs_per_cycle lists " + supported +
                       ")");
  }
  const TensorId a_t = op.inputs.at(0), b_t = op.inputs.at(1), c_t = op.outputs.at(0);
  const Tensor& A = ctx.g.tensor(a_t);
  const Tensor& B = ctx.g.tensor(b_t);
  const Tensor& Cout = ctx.g.tensor(c_t);

  GemmProblem p;
  p.layer = op.name;
  p.macs_per_cycle = rate->second;
  p.reduction_scale = reduction_scale(op, pe);
  p.a_elem_bits = static_cast<uint64_t>(precision_bits(A.dtype));
  p.b_elem_bits = static_cast<uint64_t>(precision_bits(B.dtype));
  p.c_elem_bits = static_cast<uint64_t>(precision_bits(Cout.dtype));
  if (B.density < 1.0 || B.meta_bits > 0)
    p.b_stored_bits = static_cast<double>(p.b_elem_bits) * B.density + B.meta_bits;
  if (op.kind == OpKind::Conv) {
    const ConvAttrs& c = op.conv;
    uint64_t pack = group_pack(c, static_cast<uint64_t>(pe.cols));
    p.pack = pack;
    p.groups = static_cast<uint64_t>(c.groups) / pack;
    p.m = static_cast<uint64_t>(c.n * c.out_h() * c.out_w());
    p.n = static_cast<uint64_t>(c.k / c.groups) * pack;
    p.k = static_cast<uint64_t>((c.c / c.groups) * c.r * c.s) * pack;
    p.k_unit = static_cast<uint64_t>(c.r * c.s);
    p.conv = &op.conv;
    p.b_is_weight = is_stored_ahead(B.kind);
  } else {
    p.groups = static_cast<uint64_t>(op.mm.batch);
    p.m = static_cast<uint64_t>(op.mm.m);
    p.n = static_cast<uint64_t>(op.mm.n);
    p.k = static_cast<uint64_t>(op.mm.k);
    p.b_is_weight = op.mm.b_is_weight && is_stored_ahead(B.kind);
  }
  if (op.residual != kNone)
    p.residual_bits = static_cast<uint64_t>(precision_bits(ctx.g.tensor(op.residual).dtype));
  const uint64_t cores = static_cast<uint64_t>(chip.cores);
  GemmMapping map = map_gemm(p, chip, ctx.dram_bytes_per_s);

  {
    LayerPlan& L = ctx.prog.layers[layer];
    L.dataflow = dataflow_name(map.dataflow);
    L.tile_m = map.mt;
    L.tile_n = map.nt;
    L.tile_k = map.kt;
    L.loop_order = map.n_outer ? "n-outer" : "m-outer";
    L.gemm_m = p.m;
    L.gemm_n = p.n;
    L.gemm_k = p.k;
    L.gemm_batch = p.groups;
    L.pack = p.pack;
    if ((op.sparse_2_4 && !pe.structured_sparsity) || (op.sparsity > 0 && !pe.zero_skipping))
      L.sparsity_note = "sparsity not exploited: the PE array has no support for it";
  }

  // Extra weights (bias, folded batch-norm scale and shift) come in once per core.
  uint64_t extra_bytes = 0;
  for (size_t i = 2; i < op.inputs.size(); ++i)
    if (is_stored_ahead(ctx.g.tensor(op.inputs[i]).kind))
      extra_bytes += ctx.g.tensor(op.inputs[i]).bytes();

  const uint8_t a_buf = ctx.inputs_buffer;
  const uint8_t b_buf = p.b_is_weight ? ctx.weights_buffer : ctx.inputs_buffer;
  const uint8_t c_buf = ctx.outputs_buffer;
  const uint64_t nm = ceil_div(p.m, map.mt), nn = ceil_div(p.n, map.nt), nk = ceil_div(p.k, map.kt);
  const uint64_t outer_count = map.n_outer ? nn : nm, inner_count = map.n_outer ? nm : nn;
  const uint64_t a_size = std::max<uint64_t>(1, A.bytes()),
                 b_size = std::max<uint64_t>(1, B.bytes());
  const uint64_t c_size = std::max<uint64_t>(1, Cout.bytes());
  const uint64_t a_base = ctx.addr[static_cast<size_t>(a_t)],
                 b_base = ctx.addr[static_cast<size_t>(b_t)];
  const uint64_t c_base = ctx.addr[static_cast<size_t>(c_t)];
  const uint32_t a_ready = ctx.ready[static_cast<size_t>(a_t)];
  const uint32_t b_ready = ctx.ready[static_cast<size_t>(b_t)];
  // Where a tile lives in its tensor: tensors are laid out tile-major (bands of tile rows, the
  // tiles of a band one after another), so the tiles of a tensor partition it exactly and every
  // byte is read or written once per pass.
  auto a_offset = [&](uint64_t gi, uint64_t m0, uint64_t mt, uint64_t k0) {
    return (gi * a_tile_bytes(p, p.m, p.k) + a_tile_bytes(p, m0, p.k) + a_tile_bytes(p, mt, k0)) %
           a_size;
  };
  auto b_offset = [&](uint64_t gi, uint64_t k0, uint64_t kt, uint64_t n0) {
    return (gi * b_tile_bytes(p, p.k, p.n) + b_tile_bytes(p, k0, p.n) + b_tile_bytes(p, kt, n0)) %
           b_size;
  };
  auto c_offset = [&](uint64_t gi, uint64_t m0, uint64_t mt, uint64_t n0, uint64_t size,
                      uint64_t bits) {
    const uint64_t before = gi * p.m * p.n + m0 * p.n + mt * n0;  // elements
    return (before * bits / 8) % std::max<uint64_t>(1, size);
  };
  const bool has_epilogue = op.work.total_ops() > 0;
  const uint32_t epilogue_work = has_epilogue ? ctx.add_work(op.work) : 0;
  PeArrayTiming array(static_cast<uint64_t>(pe.rows), static_cast<uint64_t>(pe.cols),
                      pe.weight_preload, static_cast<uint64_t>(pe.arrays));

  struct Resident {
    uint64_t id = UINT64_MAX;
    uint32_t load = kNoCmd;
    ProgramBuilder::Slot slot;
  };
  std::vector<Resident> cur_a(cores), cur_b(cores);
  std::vector<uint32_t> extra_load(cores, kNoCmd);
  std::vector<uint64_t> core_cycles(cores, 0);
  std::vector<uint32_t> stores;
  const uint64_t total_tiles = p.groups * outer_count * inner_count;
  // One Compute command per tile and reduction step at least: refuse a product the program
  // cannot hold before emitting any of it (saturating, the counts can overflow).
  {
    uint64_t least = total_tiles;
    least = nk != 0 && least > UINT64_MAX / nk ? UINT64_MAX : least * nk;
    ctx.b.expect(least);
  }

  for (uint64_t gi = 0; gi < p.groups; ++gi) {
    for (uint64_t o = 0; o < outer_count; ++o) {
      for (uint64_t in = 0; in < inner_count; ++in) {
        // Output tiles go to cores in contiguous ranges of the loop order, so each core keeps
        // reusing its resident operand tile.
        const uint64_t flat = (gi * outer_count + o) * inner_count + in;
        const uint16_t core = static_cast<uint16_t>(flat * cores / total_tiles);
        const uint64_t mi = map.n_outer ? in : o, ni = map.n_outer ? o : in;
        const uint64_t m0 = mi * map.mt, n0 = ni * map.nt;
        const uint32_t mt = static_cast<uint32_t>(std::min(map.mt, p.m - m0));
        const uint32_t nt = static_cast<uint32_t>(std::min(map.nt, p.n - n0));
        ProgramBuilder::Slot c_slot{};
        uint32_t last = kNoCmd;
        for (uint64_t ki = 0; ki < nk; ++ki) {
          const uint64_t k0 = ki * map.kt;
          const uint32_t kt = static_cast<uint32_t>(std::min(map.kt, p.k - k0));
          // Operand tiles: reuse the resident one when the same tile is needed again.
          const uint64_t a_id = (gi * nm + mi) * nk + ki;
          if (cur_a[core].id != a_id) {
            uint64_t bytes = a_tile_bytes(p, mt, kt);
            uint32_t l = ctx.load(core, a_buf, a_base + a_offset(gi, m0, mt, k0), bytes, layer,
                                  a_ready, A.dtype);
            cur_a[core] = Resident{a_id, l, ctx.b.acquire(core, Role::Inputs, l)};
          }
          const uint64_t b_id = (gi * nk + ki) * nn + ni;
          if (cur_b[core].id != b_id) {
            uint64_t bytes = b_tile_bytes(p, kt, nt);
            uint32_t l = ctx.load(core, b_buf, b_base + b_offset(gi, k0, kt, n0), bytes, layer,
                                  b_ready, B.dtype);
            cur_b[core] = Resident{b_id, l, ctx.b.acquire(core, Role::Weights, l)};
            // Bias and folded batch-norm parameters follow the core's first weight tile, so the
            // layer's traffic stays in program order instead of running ahead to time zero.
            if (extra_bytes && extra_load[core] == kNoCmd)
              extra_load[core] =
                  ctx.load(core, ctx.weights_buffer, b_base, extra_bytes, layer, l, B.dtype);
          }
          Command c;
          c.kind = CmdKind::Compute;
          c.core = core;
          c.layer = layer;
          c.precision = op.precision;
          c.buffer = c_buf;
          c.read_buffer_a = a_buf;
          c.read_buffer_b = b_buf;
          c.gemm = GemmTile{mt, nt, kt, map.dataflow};
          // Executed MACs: the sparse reduction the array actually runs.
          c.macs = static_cast<uint64_t>(
              static_cast<double>(static_cast<uint64_t>(mt) * nt * kt / p.pack) *
                  p.reduction_scale +
              0.5);
          c.reduction_scale = p.reduction_scale;
          ArrayTraffic tr = array.traffic(c.gemm, p.macs_per_cycle, p.reduction_scale);
          c.read_bytes = (tr.a_reads * p.a_elem_bits + tr.b_reads * p.b_elem_bits) / 8;
          c.write_bytes = tr.c_writes * (nk > 1 ? 4 : (p.c_elem_bits + 7) / 8);
          uint32_t id = ctx.b.add(c);
          core_cycles[core] += array.cycles(c.gemm, p.macs_per_cycle, p.reduction_scale);
          ctx.b.depend(id, cur_a[core].load);
          ctx.b.depend(id, cur_b[core].load);
          ctx.b.depend(id, extra_load[core]);
          ctx.b.chain(LoweringContext::pe_key(core), id);
          ctx.b.use(cur_a[core].slot, id);
          ctx.b.use(cur_b[core].slot, id);
          if (ki == 0) {
            c_slot = ctx.b.acquire(core, Role::Outputs, id);
          } else {
            ctx.b.use(c_slot, id);
          }
          last = id;
        }
        uint32_t residual_load = kNoCmd;
        ProgramBuilder::Slot residual_slot{};
        if (op.residual != kNone) {
          const Tensor& res = ctx.g.tensor(op.residual);
          const uint64_t bytes = (static_cast<uint64_t>(mt) * nt * p.residual_bits + 7) / 8;
          residual_load =
              ctx.load(core, a_buf,
                       ctx.addr[static_cast<size_t>(op.residual)] +
                           c_offset(gi, m0, mt, n0, res.bytes(), p.residual_bits),
                       bytes, layer, ctx.ready[static_cast<size_t>(op.residual)], res.dtype);
          residual_slot = ctx.b.acquire(core, Role::Residual, residual_load);
        }
        if (has_epilogue) {
          Command v;
          v.kind = CmdKind::Vector;
          v.core = core;
          v.layer = layer;
          v.precision = op.precision;
          v.work = epilogue_work;
          v.bytes = static_cast<uint64_t>(mt) * nt;
          v.buffer = c_buf;
          v.read_bytes = v.write_bytes = (v.bytes * p.c_elem_bits + 7) / 8;
          if (residual_load != kNoCmd)
            v.read_bytes += (static_cast<uint64_t>(mt) * nt * p.residual_bits + 7) / 8;
          uint32_t vid = ctx.b.add(v);
          ctx.b.depend(vid, last);
          ctx.b.depend(vid, residual_load);
          if (residual_load != kNoCmd) ctx.b.use(residual_slot, vid);
          ctx.b.chain(LoweringContext::vector_key(core), vid);
          ctx.b.use(c_slot, vid);
          last = vid;
        }
        const uint64_t bytes = c_tile_bytes(p, mt, nt, false);
        uint32_t s =
            ctx.store(core, c_buf, c_base + c_offset(gi, m0, mt, n0, c_size, p.c_elem_bits), bytes,
                      layer, Cout.dtype);
        ctx.b.depend(s, last);
        ctx.b.use(c_slot, s);
        stores.push_back(s);
      }
    }
  }
  uint64_t worst = *std::max_element(core_cycles.begin(), core_cycles.end());
  LayerPlan& L = ctx.prog.layers[layer];
  L.compute_cycles = worst > 0 && pe.cycle_count == CycleCount::Scalesim ? worst - 1 : worst;
  L.cores_used = static_cast<uint32_t>(std::min<uint64_t>(cores, total_tiles));
  L.split = cores > 1 ? "output tiles" : "none";
  uint64_t planned = 0;
  for (uint32_t i = first_cmd; i < ctx.b.size(); ++i) {
    const Command& cmd = ctx.b.cmd(i);
    if (cmd.kind == CmdKind::Load || cmd.kind == CmdKind::Store) planned += cmd.bytes;
  }
  L.planned_dram_bytes = planned;
  ctx.ready[static_cast<size_t>(c_t)] = ctx.barrier(stores, layer);
}

}  // namespace tessera
