#include "compiler_frontend/workload.h"

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "compiler_frontend/onnx/onnx_importer.h"
#include "models/spec/errors.h"

namespace tessera {

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::pair<std::string, std::vector<int64_t>> parse_input_shape(const std::string& spec) {
  size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    throw InputError("input shape '" + spec + "': expected name=1x3x224x224");
  std::vector<int64_t> dims;
  std::stringstream ss(spec.substr(eq + 1));
  std::string part;
  while (std::getline(ss, part, 'x')) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(part.c_str(), &end, 10);
    if (part.empty() || *end || errno == ERANGE || v < 1 || v > (1ll << 32))
      throw InputError("input shape '" + spec +
                       "': dimensions must be positive whole numbers separated by x");
    dims.push_back(v);
  }
  return {spec.substr(0, eq), dims};
}

Graph load_workload(const WorkloadRequest& req) {
  const std::string& m = req.model;
  if (m.empty()) throw InputError("no model given (workload.model or --model)");
  if (!ends_with(m, ".onnx") && !req.input_shapes.empty())
    throw InputError("--input-shape / workload.input_shapes apply to ONNX models only, not '" + m +
                     "'");
  if (m.rfind("gemm:", 0) == 0) return build_gemm_layer(m, req.params);
  if (m.rfind("conv:", 0) == 0) return build_conv_layer(m, req.params);
  if (m.rfind("gpt:", 0) == 0) return build_gpt_spec(m, req.params);
  if (const ZooModel* z = find_zoo_model(m)) return z->build(req.params);
  if (ends_with(m, ".onnx")) {
    OnnxImportOptions o;
    o.batch = req.params.batch;
    o.seq_len = req.params.seq_len;
    o.input_shapes = req.input_shapes;
    o.skip_unsupported = req.skip_unsupported;
    std::vector<std::string> skipped;
    Graph g = import_onnx(m, o, &skipped);
    g.skipped_ops = skipped;
    return g;
  }
  std::string names;
  for (const auto& z : model_zoo()) names += (names.empty() ? "" : ", ") + z.name;
  throw InputError("unknown model '" + m + "' (zoo: " + names +
                   "; or gemm:M=..,N=..,K=.., conv:H=..,W=..,C=..,K=..,R=..,S=.., gpt:layers=.., "
                   "or a .onnx file)");
}

}  // namespace tessera
