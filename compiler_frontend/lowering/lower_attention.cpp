// Lowers a fused Attention operator (FlashAttention-style): for each batch x head and each tile
// of queries, K and V tiles stream through the chip; the PE array computes S = Q K^T and
// O += P V, the vector unit keeps the running softmax (max, exp, sum, rescale). The scores
// never reach DRAM: traffic is Q + (K + V) per query tile + O. The array is software-pipelined:
// S_{j+1} = Q K_{j+1}^T runs while the vector unit normalises S_j, then O += P_j V_j.
#include <algorithm>

#include "compiler_frontend/lowering/lowering_context.h"
#include "compiler_frontend/lowering/mapper.h"
#include "models/pe_array/pe_array_timing.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {
uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}
}  // namespace

void lower_attention_op(LoweringContext& ctx, const OpNode& op) {
  const ChipSpec& chip = ctx.chip;
  const PeArraySpec& pe = chip.pe_array;
  ctx.new_layer(op);
  const uint32_t layer = ctx.current_layer();
  const uint32_t first_cmd = ctx.b.size();
  auto rate = pe.macs_per_cycle.find(precision_name(op.precision));
  if (rate == pe.macs_per_cycle.end())
    throw MappingError("layer '" + op.name + "': precision " + precision_name(op.precision) +
                       " is not supported by the PE array");
  const uint64_t G = static_cast<uint64_t>(op.mm.batch), Sq = static_cast<uint64_t>(op.mm.m);
  const uint64_t Sk = static_cast<uint64_t>(op.mm.n), D = static_cast<uint64_t>(op.mm.k);
  const Tensor& Q = ctx.g.tensor(op.inputs[0]);
  const Tensor& K = ctx.g.tensor(op.inputs[1]);
  const Tensor& V = ctx.g.tensor(op.inputs[2]);
  const Tensor& O = ctx.g.tensor(op.outputs[0]);
  const bool has_mask = op.inputs.size() > 3;
  const uint64_t eb = static_cast<uint64_t>(precision_bits(Q.dtype));
  auto bytes = [eb](uint64_t elems) { return (elems * eb + 7) / 8; };
  const uint64_t mask_bits =
      has_mask ? static_cast<uint64_t>(precision_bits(ctx.g.tensor(op.inputs[3]).dtype)) : 0;

  // Tile sizes: query tiles in multiples of the array rows, key tiles in multiples of the
  // columns; the largest pair whose double-buffered Q, K, V (+ mask) tiles and the fp32 scores and
  // output accumulator fit the buffers.
  const uint64_t R = static_cast<uint64_t>(pe.rows), C = static_cast<uint64_t>(pe.cols * pe.arrays);
  uint64_t best_mt = 0, best_nt = 0;
  for (uint64_t mt = std::min(Sq, std::max<uint64_t>(R, 1));; mt = std::min(Sq, mt * 2)) {
    for (uint64_t nt = std::min(Sk, std::max<uint64_t>(C, 1));; nt = std::min(Sk, nt * 2)) {
      std::vector<uint64_t> need(chip.buffers.size(), 0);
      need[ctx.inputs_buffer] +=
          2 * bytes(mt * D) + 2 * bytes(nt * D) * 2 + 2 * (mt * nt * mask_bits + 7) / 8;
      need[ctx.outputs_buffer] += 2 * mt * nt * 4 + 2 * mt * D * 4;  // scores double-buffered
      bool fits = true;
      for (size_t i = 0; i < need.size(); ++i) fits = fits && need[i] <= chip.buffers[i].size;
      if (fits && mt * nt > best_mt * best_nt) best_mt = mt, best_nt = nt;
      if (nt == Sk) break;
    }
    if (mt == Sq) break;
  }
  if (!best_mt) throw MappingError("layer '" + op.name + "': no attention tile fits the buffers");
  const uint64_t mt_max = best_mt, nt_max = best_nt;
  const uint64_t nq = ceil_div(Sq, mt_max), nk = ceil_div(Sk, nt_max);
  const Dataflow df = pe.dataflow == Dataflow::Auto ? Dataflow::OS : pe.dataflow;
  PeArrayTiming array(R, static_cast<uint64_t>(pe.cols), pe.weight_preload,
                      static_cast<uint64_t>(pe.arrays));
  // Online softmax per score: the layer's own work plus the running max/sum update.
  VectorWork sm = op.work;
  sm.add(VectorOp::Max).add(VectorOp::Add);
  const uint32_t sm_work = ctx.add_work(sm);
  const uint32_t norm_work = ctx.add_work(VectorWork().add(VectorOp::Div).add(VectorOp::Mul));
  const uint64_t cores = static_cast<uint64_t>(chip.cores);
  const uint64_t total = G * nq;
  std::vector<uint64_t> core_cycles(cores, 0);
  std::vector<uint32_t> stores;
  uint64_t planned = 0;
  auto base = [&](TensorId t) { return ctx.addr[static_cast<size_t>(t)]; };

  for (uint64_t gi = 0; gi < G; ++gi) {
    for (uint64_t qi = 0; qi < nq; ++qi) {
      const uint16_t core = static_cast<uint16_t>((gi * nq + qi) * cores / total);
      const uint64_t mt = std::min(mt_max, Sq - qi * mt_max);
      uint32_t lq = ctx.load(
          core, ctx.inputs_buffer, base(op.inputs[0]) + (gi * Sq + qi * mt_max) * D * eb / 8,
          bytes(mt * D), layer, ctx.ready[static_cast<size_t>(op.inputs[0])], Q.dtype);
      auto q_slot = ctx.b.acquire(core, Role::Inputs, lq);
      planned += bytes(mt * D);
      ProgramBuilder::Slot o_slot{};
      uint32_t last = kNoCmd;
      // The P V product of the previous key tile, emitted after the next QK^T (pipelining).
      struct Pending {
        uint32_t softmax = kNoCmd, load_v = kNoCmd;
        ProgramBuilder::Slot v_slot;
        uint64_t nt = 0;
        bool first = true;
      };
      Pending pending;
      bool have_pending = false;
      for (uint64_t ki = 0; ki <= nk; ++ki) {
        auto gemm = [&](uint64_t m, uint64_t n, uint64_t k, std::initializer_list<uint32_t> deps) {
          Command c;
          c.kind = CmdKind::Compute;
          c.core = core;
          c.layer = layer;
          c.precision = op.precision;
          c.buffer = ctx.outputs_buffer;
          c.read_buffer_a = c.read_buffer_b = ctx.inputs_buffer;
          c.gemm = GemmTile{static_cast<uint32_t>(m), static_cast<uint32_t>(n),
                            static_cast<uint32_t>(k), df};
          c.macs = m * n * k;
          ArrayTraffic tr = array.traffic(c.gemm, rate->second);
          c.read_bytes = (tr.a_reads + tr.b_reads) * eb / 8;
          c.write_bytes = tr.c_writes * 4;
          uint32_t id = ctx.b.add(c);
          for (uint32_t d : deps) ctx.b.depend(id, d);
          ctx.b.chain(LoweringContext::pe_key(core), id);
          core_cycles[core] += array.cycles(c.gemm, rate->second);
          return id;
        };
        auto flush_pending = [&] {
          uint32_t o = gemm(mt, D, pending.nt, {pending.softmax, pending.load_v});
          ctx.b.use(pending.v_slot, o);
          if (pending.first) {
            o_slot = ctx.b.acquire(core, Role::Outputs, o);
          } else {
            ctx.b.use(o_slot, o);
          }
          last = o;
          have_pending = false;
        };
        if (ki == nk) {
          if (have_pending) flush_pending();
          break;
        }
        const uint64_t nt = std::min(nt_max, Sk - ki * nt_max);
        uint64_t kbytes = bytes(nt * D) + (mt * nt * mask_bits + 7) / 8;
        uint32_t lk = ctx.load(core, ctx.inputs_buffer,
                               base(op.inputs[1]) + (gi * Sk + ki * nt_max) * D * eb / 8, kbytes,
                               layer, ctx.ready[static_cast<size_t>(op.inputs[1])], K.dtype);
        auto k_slot = ctx.b.acquire(core, Role::Weights, lk);
        uint32_t lv = ctx.load(
            core, ctx.inputs_buffer, base(op.inputs[2]) + (gi * Sk + ki * nt_max) * D * eb / 8,
            bytes(nt * D), layer, ctx.ready[static_cast<size_t>(op.inputs[2])], V.dtype);
        auto v_slot = ctx.b.acquire(core, Role::Residual, lv);
        planned += kbytes + bytes(nt * D);
        uint32_t s = gemm(mt, nt, D, {lq, lk});
        ctx.b.use(q_slot, s);
        ctx.b.use(k_slot, s);
        Command v;
        v.kind = CmdKind::Vector;
        v.core = core;
        v.layer = layer;
        v.precision = op.precision;
        v.work = sm_work;
        v.bytes = mt * nt;
        v.buffer = v.read_buffer_a = ctx.outputs_buffer;
        v.read_bytes = v.write_bytes = mt * nt * 4;
        uint32_t vid = ctx.b.add(v);
        ctx.b.depend(vid, s);
        ctx.b.chain(LoweringContext::vector_key(core), vid);
        if (have_pending) flush_pending();
        pending = Pending{vid, lv, v_slot, nt, ki == 0};
        have_pending = true;
      }
      Command norm;
      norm.kind = CmdKind::Vector;
      norm.core = core;
      norm.layer = layer;
      norm.precision = op.precision;
      norm.work = norm_work;
      norm.bytes = mt * D;
      norm.buffer = norm.read_buffer_a = ctx.outputs_buffer;
      norm.read_bytes = mt * D * 4;
      norm.write_bytes = bytes(mt * D);
      uint32_t nid = ctx.b.add(norm);
      ctx.b.depend(nid, last);
      ctx.b.chain(LoweringContext::vector_key(core), nid);
      ctx.b.use(o_slot, nid);
      uint32_t st = ctx.store(core, ctx.outputs_buffer,
                              base(op.outputs[0]) + (gi * Sq + qi * mt_max) * D * eb / 8,
                              bytes(mt * D), layer, O.dtype);
      ctx.b.depend(st, nid);
      ctx.b.use(o_slot, st);
      stores.push_back(st);
      planned += bytes(mt * D);
    }
  }
  LayerPlan& L = ctx.prog.layers[layer];
  uint64_t worst = *std::max_element(core_cycles.begin(), core_cycles.end());
  L.compute_cycles = worst > 0 && pe.cycle_count == CycleCount::Scalesim ? worst - 1 : worst;
  L.dataflow = dataflow_name(df);
  L.tile_m = mt_max;
  L.tile_n = nt_max;
  L.tile_k = D;
  L.gemm_batch = G;
  L.gemm_m = Sq;
  L.gemm_n = Sk;
  L.gemm_k = D;
  L.loop_order = "query-outer";
  L.cores_used = static_cast<uint32_t>(std::min<uint64_t>(cores, total));
  L.split = cores > 1 ? "heads x query tiles" : "none";
  L.planned_dram_bytes = planned;
  (void)first_cmd;
  ctx.ready[static_cast<size_t>(op.outputs[0])] = ctx.barrier(stores, layer);
}

}  // namespace tessera
