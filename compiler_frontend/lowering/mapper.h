// The mapper: picks, for one GEMM-shaped operator on one chip, the dataflow, tile sizes and loop
// order. Tiles cover whole folds of the PE array in the spatial dimensions (so tiling never
// adds folds), fit every operand twice in its buffer (double buffering), and minimise the
// estimated time max(compute, DRAM traffic / bandwidth) plus the exposed first load; ties go to
// fewer compute cycles, then less traffic.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"
#include "models/pe_array/pe_array_timing.h"
#include "models/spec/chip_spec.h"

namespace tessera {

// One GEMM problem: `groups` independent products of m x k by k x n, run one after another.
struct GemmProblem {
  std::string layer;
  uint64_t groups = 1, m = 0, n = 0, k = 0;
  uint64_t pack = 1;          // small groups packed block-diagonally into one product
  uint64_t k_unit = 1;        // tiles split k only at multiples of this (R*S for convolutions)
  double macs_per_cycle = 1;  // PE rate at this precision
  double reduction_scale = 1;
  uint64_t a_elem_bits = 8, b_elem_bits = 8, c_elem_bits = 8;
  double b_stored_bits = 0;  // bits stored per B element when compressed (sparse weights); 0: dense
  bool b_is_weight = true;
  uint64_t residual_bits =
      0;  // fused residual add: a C-sized tile of this precision joins the epilogue
  const ConvAttrs* conv = nullptr;  // im2col view: A tiles are input windows with halos
};

struct GemmMapping {
  Dataflow dataflow = Dataflow::WS;
  uint64_t mt = 0, nt = 0, kt = 0;
  bool n_outer = false;         // loop order: false = m outer (A reused across n), true = n outer
  uint64_t compute_cycles = 0;  // per core-array, sum over tiles
  uint64_t dram_bytes = 0;
  double est_seconds = 0;
};

// Bytes of operand tiles (exact for matrices, input windows with halo for convolutions).
uint64_t a_tile_bytes(const GemmProblem& p, uint64_t mt, uint64_t kt);
uint64_t b_tile_bytes(const GemmProblem& p, uint64_t kt, uint64_t nt);
uint64_t c_tile_bytes(const GemmProblem& p, uint64_t mt, uint64_t nt, bool partial);

// Sum of array cycles over all tiles of an m x n x k product cut into mt x nt x kt tiles.
uint64_t tiled_cycles(const PeArrayTiming& array, const GemmProblem& p, Dataflow df, uint64_t mt,
                      uint64_t nt, uint64_t kt);

// Throws MappingError when no tile fits the buffers.
GemmMapping map_gemm(const GemmProblem& p, const ChipSpec& chip, double dram_bytes_per_s);

}  // namespace tessera
