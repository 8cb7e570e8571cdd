// Builds Graph IR layer by layer, tracking shapes, for the built-in model zoo and the
// single-layer workloads. Each method mirrors a PyTorch module so zoo models read like their
// torchvision / Hugging Face definitions and count the same MACs and parameters.
#pragma once

#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"

namespace tessera {

class GraphBuilder {
 public:
  GraphBuilder(std::string name, int64_t batch, Precision precision);

  TensorId input(const std::string& name, std::vector<int64_t> shape);
  TensorId weight(const std::string& name, std::vector<int64_t> shape);

  // CNN layers on NCHW activations.
  TensorId conv(TensorId x, const std::string& name, int64_t out_channels, int64_t kernel,
                int64_t stride, int64_t pad, int64_t groups = 1, bool bias = false);
  TensorId batchnorm(TensorId x, const std::string& name);
  TensorId relu(TensorId x, const std::string& name);
  TensorId relu6(TensorId x, const std::string& name);
  TensorId add(TensorId a, TensorId b, const std::string& name);
  TensorId maxpool(TensorId x, const std::string& name, int64_t kernel, int64_t stride,
                   int64_t pad);
  TensorId global_avgpool(TensorId x, const std::string& name);
  TensorId flatten(TensorId x, const std::string& name);

  // Transformer layers on [batch, tokens, features] activations.
  TensorId linear(TensorId x, const std::string& name, int64_t out_features, bool bias = true);
  TensorId linear_with(TensorId x, const std::string& name, TensorId weight_tensor,
                       int64_t out_features);
  TensorId layernorm(TensorId x, const std::string& name);
  TensorId gelu(TensorId x, const std::string& name);
  TensorId tanh(TensorId x, const std::string& name);
  TensorId softmax(TensorId x, const std::string& name);
  TensorId embedding(TensorId ids, const std::string& name, TensorId table);
  // Multi-head self-attention core on fused QKV projections: q, k, v are [B, S, D].
  // Emits reshapes, QK^T batched matmul, scale, softmax, xV matmul, merge heads.
  TensorId attention(TensorId q, TensorId k, TensorId v, const std::string& name, int64_t heads);
  TensorId view(TensorId x, const std::string& name, std::vector<int64_t> shape,
                const std::string& type = "Reshape");
  TensorId slice_tokens(TensorId x, const std::string& name, int64_t tokens);  // first tokens
  TensorId concat_tokens(TensorId a, TensorId b, const std::string& name);

  const Tensor& tensor(TensorId t) const { return g_.tensor(t); }
  Graph finish();

 private:
  TensorId activation(const std::string& name, std::vector<int64_t> shape);
  TensorId elementwise(const std::vector<TensorId>& ins, const std::string& name,
                       const std::string& type, const VectorWork& work);
  Graph g_;
  Precision precision_;
};

}  // namespace tessera
