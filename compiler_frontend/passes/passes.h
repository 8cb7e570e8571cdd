// Graph passes: each a pure function of graph + options, one file each.
#pragma once

#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"

namespace tessera {

// What a pass did, for the report.
struct PassRecord {
  std::string name;
  std::string summary;
};

// Rewrites element-by-element spellings (GELU's erf chain) into single operators.
Graph recognize_patterns(const Graph& g, PassRecord* record);

// Folds batch-norm and bias into the producing convolution / GEMM, and element-wise activations
// (ReLU, ReLU6/Clip, GELU, sigmoid, tanh) into its epilogue on the vector unit, when the
// producer's output feeds nothing else.
Graph fuse_operators(const Graph& g, PassRecord* record);

// Sets every tensor and operator to one precision.
Graph set_precision(const Graph& g, Precision p, PassRecord* record);

}  // namespace tessera
