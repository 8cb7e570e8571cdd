// ONNX importer: a model file as torch.onnx.export writes it (with weights or with
// export_params=False, weights as graph inputs) becomes Graph IR with static shapes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"

namespace tessera {

struct OnnxImportOptions {
  int64_t batch = 1;      // value for a symbolic first (batch) dimension
  int64_t seq_len = 128;  // value for a symbolic second dimension of integer token inputs
  std::map<std::string, std::vector<int64_t>> input_shapes;  // --input-shape name=1x3x224x224
  bool skip_unsupported = false;                             // --unsupported=skip
};

// Throws InputError naming the file (and node) for unreadable files, unknown operators,
// unresolvable shapes and cycles. `skipped` (may be null) receives "OpType node" entries.
Graph import_onnx(const std::string& path, const OnnxImportOptions& opts,
                  std::vector<std::string>* skipped);

}  // namespace tessera
