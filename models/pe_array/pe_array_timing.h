// Timing core of a systolic PE array (no SystemC): cycles of a GEMM tile under a dataflow.
//
// The mapping follows SCALE-Sim v2 (Samajdar et al., ISPASS 2020; rules in
// ../shared/refdata/scalesim_public.md). For an R x C array and a GEMM of m x k by k x n:
//   dataflow  spatial rows  spatial cols  streamed T   cycles per fold (serial preload)
//   os        m             n             k            T + R + C - 2
//   ws        k             n             m            2R + C + T - 2
//   is        k             m             n            2R + C + T - 2
// folds = ceil(rows / R) * ceil(cols / C), run back to back. With overlapped preload (double-
// buffered stationary registers) the R preload cycles of ws/is are paid once per command.
// A PE that does p > 1 MACs per cycle packs p elements of the reduction dimension k; p = 1/q < 1
// means each MAC takes q cycles. A core with several arrays gangs them: they work in lockstep on
// one tile, each on its share of the tile's spatial columns (n for os/ws, m for is), so the
// tile takes as long as one array's share.
#pragma once

#include <cstdint>

#include "models/spec/chip_spec.h"
#include "models/spec/operator_ir.h"

namespace tessera {

struct FoldShape {
  uint64_t spatial_rows = 0, spatial_cols = 0, stream = 0;
  uint64_t folds = 0;
};

// Bytes read from and written to the buffers by one command, per operand.
struct ArrayTraffic {
  uint64_t a_reads = 0;   // elements of A (inputs)
  uint64_t b_reads = 0;   // elements of B (weights)
  uint64_t c_writes = 0;  // accumulator values written out
};

class PeArrayTiming {
 public:
  PeArrayTiming(uint64_t rows, uint64_t cols, WeightPreload preload, uint64_t arrays = 1)
      : rows_(rows), cols_(cols), arrays_(arrays), preload_(preload) {}

  // `macs_per_cycle`: the PE's rate at the tile's precision; `reduction_scale` < 1 when zero
  // skipping or 2:4 sparsity shortens the reduction dimension.
  FoldShape fold_shape(const GemmTile& t, double macs_per_cycle,
                       double reduction_scale = 1.0) const;
  uint64_t cycles(const GemmTile& t, double macs_per_cycle, double reduction_scale = 1.0) const;
  ArrayTraffic traffic(const GemmTile& t, double macs_per_cycle,
                       double reduction_scale = 1.0) const;

  uint64_t rows() const { return rows_; }
  uint64_t cols() const { return cols_; }
  uint64_t arrays() const { return arrays_; }

 private:
  GemmTile share(const GemmTile& t) const;  // one array's part of a ganged tile
  uint64_t rows_, cols_, arrays_;
  WeightPreload preload_;
};

}  // namespace tessera
