// What the importer knows about one ONNX value: its static shape, and for small constant
// tensors (shape arithmetic, Constant nodes, integer initializers) the values themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"

namespace tessera::onnx_import {

struct Value {
  std::vector<int64_t> shape;
  bool known = false;        // shape is fully static
  bool constant = false;     // `data` holds every element
  bool is_float = false;     // element type of the constant (integers are exact up to 2^53)
  std::vector<double> data;  // row-major values of a constant
  bool weight = false;       // a model parameter (initializer or parameter input)
  bool integer = false;      // integer element type (indices, ids)
  TensorId tensor = kNone;   // the Graph IR tensor carrying it at run time

  // Saturates instead of overflowing (shape rules reject such tensors with an error).
  int64_t elements() const {
    int64_t n = 1;
    for (int64_t d : shape) {
      if (d > 0 && n > (int64_t(1) << 62) / d) return int64_t(1) << 62;
      n *= d;
    }
    return n;
  }
};

// Biggest constant whose values the importer keeps (larger ones become weights).
constexpr int64_t kMaxFoldedElements = 1 << 16;

}  // namespace tessera::onnx_import
