#include "compiler_frontend/lowering/mapper.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/spec/errors.h"

namespace tessera {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}
uint64_t bits_to_bytes(uint64_t elements, uint64_t bits) {
  return (elements * bits + 7) / 8;
}

// Tile sizes to try along one dimension: multiples of `unit` growing by powers of two up to the
// whole dimension, plus the whole dimension itself.
std::vector<uint64_t> candidates(uint64_t dim, uint64_t unit) {
  std::vector<uint64_t> v;
  unit = std::max<uint64_t>(1, unit);
  for (uint64_t t = unit; t < dim; t *= 2) v.push_back(t);
  v.push_back(dim);
  // Whole-dimension splits into 2..8 equal parts (rounded up to the unit) balance edge tiles.
  for (uint64_t parts = 2; parts <= 8; ++parts) {
    uint64_t t = ceil_div(ceil_div(dim, parts), unit) * unit;
    if (t < dim) v.push_back(t);
  }
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

struct RoleBuffers {
  int inputs = 0, weights = 0, outputs = 0;
};

RoleBuffers role_buffers(const ChipSpec& chip) {
  RoleBuffers r;
  for (size_t i = 0; i < chip.buffers.size(); ++i)
    for (const auto& h : chip.buffers[i].holds) {
      if (h == "inputs") r.inputs = static_cast<int>(i);
      if (h == "weights") r.weights = static_cast<int>(i);
      if (h == "outputs") r.outputs = static_cast<int>(i);
    }
  return r;
}

}  // namespace

uint64_t a_tile_bytes(const GemmProblem& p, uint64_t mt, uint64_t kt) {
  if (!p.conv) return bits_to_bytes(mt * kt, p.a_elem_bits);
  const ConvAttrs& c = *p.conv;
  // kt covers whole filter windows: kt / (R*S) input channels.
  uint64_t rs = static_cast<uint64_t>(c.r * c.s);
  uint64_t channels = std::max<uint64_t>(1, kt / rs);
  uint64_t e = static_cast<uint64_t>(c.out_h()), f = static_cast<uint64_t>(c.out_w());
  uint64_t h = static_cast<uint64_t>(c.h), w = static_cast<uint64_t>(c.w);
  uint64_t rows;
  if (mt >= e * f) {
    rows = ceil_div(mt, e * f) * h;  // whole images
  } else {
    uint64_t out_rows = std::min<uint64_t>(e, ceil_div(mt, f) + (mt % f ? 1 : 0));
    uint64_t span = (out_rows - 1) * static_cast<uint64_t>(c.stride_h) +
                    static_cast<uint64_t>(c.dilation_h * (c.r - 1)) + 1;
    rows = std::min<uint64_t>(h, span);
  }
  return bits_to_bytes(rows * w * channels, p.a_elem_bits);
}

uint64_t b_tile_bytes(const GemmProblem& p, uint64_t kt, uint64_t nt) {
  // Packed groups: only the diagonal blocks hold real weights.
  if (p.b_stored_bits > 0)
    return static_cast<uint64_t>(static_cast<double>(kt * nt / p.pack) * p.b_stored_bits / 8.0 +
                                 0.999999);
  return bits_to_bytes(kt * nt / p.pack, p.b_elem_bits);
}

uint64_t c_tile_bytes(const GemmProblem& p, uint64_t mt, uint64_t nt, bool partial) {
  return partial ? mt * nt * 4 : bits_to_bytes(mt * nt, p.c_elem_bits);
}

uint64_t tiled_cycles(const PeArrayTiming& array, const GemmProblem& p, Dataflow df, uint64_t mt,
                      uint64_t nt, uint64_t kt) {
  uint64_t total = 0;
  const uint64_t dims[3] = {p.m, p.n, p.k};
  const uint64_t tiles[3] = {mt, nt, kt};
  uint64_t full[3], rem[3];
  for (int i = 0; i < 3; ++i) {
    full[i] = dims[i] / tiles[i];
    rem[i] = dims[i] % tiles[i];
  }
  for (int mask = 0; mask < 8; ++mask) {
    uint64_t count = 1;
    uint64_t size[3];
    for (int i = 0; i < 3; ++i) {
      bool edge = mask & (1 << i);
      count *= edge ? (rem[i] ? 1 : 0) : full[i];
      size[i] = edge ? rem[i] : tiles[i];
    }
    if (!count) continue;
    GemmTile t{static_cast<uint32_t>(size[0]), static_cast<uint32_t>(size[1]),
               static_cast<uint32_t>(size[2]), df};
    total += count * array.cycles(t, p.macs_per_cycle, p.reduction_scale);
  }
  return total * p.groups;
}

GemmMapping map_gemm(const GemmProblem& p, const ChipSpec& chip, double dram_bw) {
  const PeArraySpec& pe = chip.pe_array;
  const uint64_t arrays = static_cast<uint64_t>(pe.arrays);
  const uint64_t cores = static_cast<uint64_t>(chip.cores);
  PeArrayTiming array(static_cast<uint64_t>(pe.rows), static_cast<uint64_t>(pe.cols),
                      pe.weight_preload, arrays);
  RoleBuffers rb = role_buffers(chip);
  std::vector<Dataflow> dfs;
  if (pe.dataflow == Dataflow::Auto) {
    dfs = {Dataflow::OS, Dataflow::WS, Dataflow::IS};
  } else {
    dfs = {pe.dataflow};
  }
  const uint64_t R = static_cast<uint64_t>(pe.rows), C = static_cast<uint64_t>(pe.cols);
  // Reduction elements per PE row: p MACs per cycle pack p reduction elements.
  uint64_t pack_k = pe.macs_per_cycle.empty()
                        ? 1
                        : static_cast<uint64_t>(std::max(1.0, std::round(p.macs_per_cycle)));
  double pe_hz = chip.pe_clock_hz() * pe.efficiency;
  const double dram_latency = chip.dram.latency_s;
  // With a shared L2, operands fetched again by other tiles come from the L2 (when they fit in
  // it), so re-reads cost L2 bandwidth and only the first touch costs DRAM bandwidth; each
  // core's share also has to pass its own network port.
  const double l2_hz = chip.l2.clock_hz > 0 ? chip.l2.clock_hz : chip.clock_hz;
  const double l2_bw =
      chip.l2.present() ? static_cast<double>(chip.l2.banks * chip.l2.bank_width) * l2_hz : 0;
  const double ic_hz = chip.interconnect.clock_hz > 0 ? chip.interconnect.clock_hz : chip.clock_hz;
  const double port_bw = chip.interconnect.type.empty()
                             ? 0
                             : static_cast<double>(chip.interconnect.link_width) * ic_hz;
  const uint64_t a_all = bits_to_bytes(p.m * p.k, p.a_elem_bits) * p.groups;
  const uint64_t b_all =
      (p.b_stored_bits > 0
           ? static_cast<uint64_t>(static_cast<double>(p.k * p.n / p.pack) * p.b_stored_bits / 8.0)
           : bits_to_bytes(p.k * p.n / p.pack, p.b_elem_bits)) *
      p.groups;
  // An operand is re-read from the L2 when it fits in half of it (the other operand streams).
  const bool a_in_l2 = chip.l2.present() && a_all <= chip.l2.size / 2;
  const bool b_in_l2 = chip.l2.present() && b_all <= chip.l2.size / 2;

  GemmMapping best;
  bool found = false;
  std::tuple<double, uint64_t, uint64_t> best_key{std::numeric_limits<double>::infinity(), 0, 0};
  uint64_t smallest_need = std::numeric_limits<uint64_t>::max();
  // Pass 0 splits the reduction only at multiples of the array's rows (full folds); when no such
  // tile fits the buffers (small buffers, large arrays), pass 1 also tries finer splits at whole
  // filter windows, which leave rows of the array idle but map.
  for (int pass = 0; pass < 2 && !found; ++pass)
    for (Dataflow df : dfs) {
      // Spatial columns are shared by the ganged arrays: tiles cover whole folds of all of them.
      uint64_t um = df == Dataflow::OS ? R : (df == Dataflow::IS ? C * arrays : 1);
      uint64_t un = df == Dataflow::IS ? 1 : C * arrays;
      uint64_t uk = df == Dataflow::OS ? 1 : R * pack_k;
      uint64_t kunit = std::max<uint64_t>(1, p.k_unit);
      uint64_t uk_all = uk % kunit == 0 ? uk : (kunit % uk == 0 ? kunit : uk * kunit);
      auto mts = candidates(p.m, um);
      auto nts = candidates(p.n, un);
      auto kts = candidates(p.k, pass == 0 ? std::min(uk_all, p.k) : kunit);
      for (uint64_t kt : kts) {
        if (kt != p.k && kt % kunit) continue;
        uint64_t nk = ceil_div(p.k, kt);
        for (uint64_t mt : mts) {
          uint64_t a_tile = a_tile_bytes(p, mt, kt);
          for (uint64_t nt : nts) {
            uint64_t b_tile = b_tile_bytes(p, kt, nt);
            uint64_t c_tile = c_tile_bytes(p, mt, nt, nk > 1);
            // Double buffering: two tiles of every operand in its buffer.
            std::vector<uint64_t> need(chip.buffers.size(), 0);
            need[static_cast<size_t>(rb.inputs)] += 2 * a_tile;
            need[static_cast<size_t>(p.b_is_weight ? rb.weights : rb.inputs)] += 2 * b_tile;
            need[static_cast<size_t>(rb.outputs)] += 2 * c_tile;
            if (p.residual_bits)
              need[static_cast<size_t>(rb.inputs)] += 2 * bits_to_bytes(mt * nt, p.residual_bits);
            bool fits = true;
            for (size_t i = 0; i < need.size(); ++i) fits = fits && need[i] <= chip.buffers[i].size;
            smallest_need = std::min(smallest_need, *std::max_element(need.begin(), need.end()));
            if (!fits) continue;
            uint64_t nm = ceil_div(p.m, mt), nn = ceil_div(p.n, nt);
            uint64_t a_pass = nm * nk * a_tile;
            uint64_t b_pass = nn * nk * b_tile;
            uint64_t c_total =
                bits_to_bytes(p.m * p.n, p.c_elem_bits) + bits_to_bytes(p.m * p.n, p.residual_bits);
            uint64_t cycles = tiled_cycles(array, p, df, mt, nt, kt);
            for (int order = 0; order < 2; ++order) {
              bool n_outer = order == 1;
              // The operand indexed by the outer loop stays resident across the inner loop when
              // the reduction is not split; otherwise both are refetched per step.
              uint64_t a_loads = (!n_outer && nk == 1) || nn == 1 ? a_pass : a_pass * nn;
              uint64_t b_loads = (n_outer && nk == 1) || nm == 1 ? b_pass : b_pass * nm;
              uint64_t bytes = (a_loads + b_loads + c_total) * p.groups;
              // Output tiles are spread over the cores; the busiest core sets the time.
              uint64_t tiles = nm * nn * p.groups;
              double busiest =
                  static_cast<double>((tiles + cores - 1) / cores) / static_cast<double>(tiles);
              double t_compute = static_cast<double>(cycles) * busiest / pe_hz;
              double t_memory = static_cast<double>(bytes) / dram_bw;
              if (chip.l2.present()) {
                const uint64_t dram_bytes =
                    (a_in_l2 ? std::min(a_all, a_loads * p.groups) : a_loads * p.groups) +
                    (b_in_l2 ? std::min(b_all, b_loads * p.groups) : b_loads * p.groups) +
                    c_total * p.groups;
                t_memory = std::max(static_cast<double>(dram_bytes) / dram_bw,
                                    static_cast<double>(bytes) / l2_bw);
              }
              if (port_bw > 0)
                t_memory = std::max(t_memory, static_cast<double>(bytes) * busiest / port_bw);
              double t_first = static_cast<double>(a_tile + b_tile) / dram_bw;
              // Double buffering hides the memory latency only when a step moves enough data. A
              // refill waits for the compute on its slot and reads queue behind the previous tile's
              // stores in the memory controller, so a step takes about a full unloaded latency plus
              // its own transfer (tiny tiles lost 12-18% of the bandwidth when modelled with half).
              double steps =
                  static_cast<double>(nm * nn * nk * p.groups) / static_cast<double>(cores);
              double step_bytes =
                  static_cast<double>(bytes) / static_cast<double>(nm * nn * nk * p.groups);
              double t_latency = steps * (dram_latency + step_bytes / dram_bw);
              double est = std::max({t_compute, t_memory, t_latency}) + t_first;
              std::tuple<double, uint64_t, uint64_t> key{est, cycles, bytes};
              // Estimates within 0.1% are ties: prefer fewer cycles, then less traffic.
              bool better = !found || est < std::get<0>(best_key) * 0.999 ||
                            (est <= std::get<0>(best_key) * 1.001 &&
                             std::make_pair(cycles, bytes) <
                                 std::make_pair(std::get<1>(best_key), std::get<2>(best_key)));
              if (better) {
                found = true;
                best_key = key;
                best = GemmMapping{df, mt, nt, kt, n_outer, cycles, bytes, est};
              }
            }
          }
        }
      }
    }
  if (!found) {
    std::string sizes;
    for (const auto& b : chip.buffers)
      sizes += (sizes.empty() ? "" : ", ") + b.name + " " + std::to_string(b.size) + " B";
    throw MappingError("layer '" + p.layer + "': no tile fits the buffers (" + sizes +
                       "): the smallest double-buffered tiles need " +
                       std::to_string(smallest_need) + " B in one buffer");
  }
  return best;
}

}  // namespace tessera
