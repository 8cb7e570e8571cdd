#include "compiler_frontend/workload.h"

#include "models/spec/errors.h"

namespace tessera {

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

Graph load_workload(const WorkloadRequest& req) {
  const std::string& m = req.model;
  if (m.rfind("gemm:", 0) == 0) return build_gemm_layer(m, req.params);
  if (m.rfind("conv:", 0) == 0) return build_conv_layer(m, req.params);
  if (const ZooModel* z = find_zoo_model(m)) return z->build(req.params);
  if (ends_with(m, ".onnx")) throw InputError("model '" + m + "': ONNX import is not built into this binary");
  std::string names;
  for (const auto& z : model_zoo()) names += (names.empty() ? "" : ", ") + z.name;
  throw InputError("unknown model '" + m + "' (zoo: " + names +
                   "; or gemm:M=..,N=..,K=.., conv:H=..,W=..,C=..,K=..,R=..,S=.., or a .onnx file)");
}

}  // namespace tessera
