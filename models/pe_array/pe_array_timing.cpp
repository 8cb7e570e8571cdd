#include "models/pe_array/pe_array_timing.h"

#include <cmath>

namespace tessera {

namespace {
uint64_t ceil_div(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

// Reduction length after packing and sparsity: the number of reduction steps the PE sees.
uint64_t reduction_steps(uint64_t k, double macs_per_cycle, double reduction_scale) {
  uint64_t kk = k;
  if (reduction_scale < 1.0)
    kk = static_cast<uint64_t>(std::ceil(static_cast<double>(k) * reduction_scale));
  if (kk == 0) kk = 1;
  if (macs_per_cycle > 1.0) kk = ceil_div(kk, static_cast<uint64_t>(std::llround(macs_per_cycle)));
  return kk;
}
}  // namespace

GemmTile PeArrayTiming::share(const GemmTile& t) const {
  if (arrays_ <= 1) return t;
  GemmTile s = t;
  if (t.dataflow == Dataflow::IS) {
    s.m = static_cast<uint32_t>(ceil_div(t.m, arrays_));
  } else {
    s.n = static_cast<uint32_t>(ceil_div(t.n, arrays_));
  }
  return s;
}

FoldShape PeArrayTiming::fold_shape(const GemmTile& whole, double macs_per_cycle,
                                    double reduction_scale) const {
  const GemmTile t = share(whole);
  uint64_t k = reduction_steps(t.k, macs_per_cycle, reduction_scale);
  FoldShape f;
  switch (t.dataflow) {
    case Dataflow::OS:
      f.spatial_rows = t.m;
      f.spatial_cols = t.n;
      f.stream = k;
      break;
    case Dataflow::WS:
      f.spatial_rows = k;
      f.spatial_cols = t.n;
      f.stream = t.m;
      break;
    case Dataflow::IS:
    case Dataflow::Auto:
      f.spatial_rows = k;
      f.spatial_cols = t.m;
      f.stream = t.n;
      break;
  }
  f.folds = ceil_div(f.spatial_rows, rows_) * ceil_div(f.spatial_cols, cols_);
  return f;
}

uint64_t PeArrayTiming::cycles(const GemmTile& t, double macs_per_cycle,
                               double reduction_scale) const {
  if (t.m == 0 || t.n == 0 || t.k == 0) return 0;
  FoldShape f = fold_shape(t, macs_per_cycle, reduction_scale);  // of one array's share
  const uint64_t R = rows_, C = cols_, T = f.stream;
  uint64_t total;
  if (t.dataflow == Dataflow::OS) {
    total = f.folds * (T + R + C - 2);
  } else if (preload_ == WeightPreload::Serial) {
    total = f.folds * (2 * R + C + T - 2);
  } else {
    total = f.folds * (R + C + T - 2) + R;  // only the first preload is exposed
  }
  if (macs_per_cycle < 1.0) total *= static_cast<uint64_t>(std::llround(1.0 / macs_per_cycle));
  return total;
}

ArrayTraffic PeArrayTiming::traffic(const GemmTile& whole, double macs_per_cycle,
                                    double reduction_scale) const {
  // Traffic of one array's share; the shares together read every operand element of the tile.
  const GemmTile t = share(whole);
  const uint64_t parts = arrays_;
  // Each fold streams its slice of the moving operand and (for ws/is) preloads its stationary
  // slice; outputs leave once per fold (psums of ws/is once per streamed row).
  FoldShape f = fold_shape(whole, macs_per_cycle, reduction_scale);
  uint64_t k = reduction_steps(t.k, 1.0, reduction_scale);
  uint64_t row_folds = ceil_div(f.spatial_rows, rows_);
  uint64_t col_folds = ceil_div(f.spatial_cols, cols_);
  ArrayTraffic tr;
  switch (t.dataflow) {
    case Dataflow::OS:  // A rows reread per column fold, B columns per row fold
      tr.a_reads = uint64_t(t.m) * k * col_folds;
      tr.b_reads = uint64_t(t.n) * k * row_folds;
      tr.c_writes = uint64_t(t.m) * t.n;
      break;
    case Dataflow::WS:  // weights preloaded once; inputs streamed per column fold
      tr.b_reads = uint64_t(t.n) * k;
      tr.a_reads = uint64_t(t.m) * k * col_folds;
      tr.c_writes = uint64_t(t.m) * t.n * row_folds;
      break;
    default:  // IS: inputs preloaded once; weights streamed per column fold
      tr.a_reads = uint64_t(t.m) * k;
      tr.b_reads = uint64_t(t.n) * k * col_folds;
      tr.c_writes = uint64_t(t.m) * t.n * row_folds;
      break;
  }
  tr.a_reads *= parts;
  tr.b_reads *= parts;
  tr.c_writes *= parts;
  return tr;
}

}  // namespace tessera
