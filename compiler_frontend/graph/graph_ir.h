// Graph IR: operators (vertices) connected by tensors (edges), on a Boost.Graph adjacency list.
// Importers (model zoo, ONNX, single-layer specs) build it; passes rewrite it; the lowering turns
// each operator into Operator IR for a chip.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/spec/precision.h"
#include "models/vector_unit/vector_ops.h"

namespace tessera {

using TensorId = int32_t;
using OpId = int32_t;
constexpr int32_t kNone = -1;

// Weights are model parameters; Constants are other data fixed at compile time (masks, tables
// computed by the exporter). Both are in DRAM before the run starts.
enum class TensorKind : uint8_t {
  Activation,
  Weight,
  ModelInput,
  Gradient,
  OptimizerState,
  Constant
};
inline bool is_stored_ahead(TensorKind k) {
  return k == TensorKind::Weight || k == TensorKind::Constant || k == TensorKind::OptimizerState;
}

struct Tensor {
  std::string name;
  std::vector<int64_t> shape;
  Precision dtype = Precision::FP32;
  TensorKind kind = TensorKind::Activation;
  OpId producer = kNone;
  uint8_t fixed_bits = 0;  // integer ids and indices keep their width whatever the precision
  // Compressed sparse storage (pruned weights on hardware that exploits sparsity): the fraction
  // of values stored, plus index metadata bits per original element.
  double density = 1.0;
  double meta_bits = 0;
  uint64_t elements() const {
    uint64_t n = 1;
    for (int64_t d : shape) n *= static_cast<uint64_t>(d);
    return n;
  }
  uint64_t bytes() const {
    uint64_t bits = fixed_bits ? fixed_bits : static_cast<uint64_t>(precision_bits(dtype));
    if (density >= 1.0 && meta_bits == 0) return (elements() * bits + 7) / 8;
    double stored =
        static_cast<double>(elements()) * (static_cast<double>(bits) * density + meta_bits);
    return static_cast<uint64_t>(stored / 8.0 + 0.999999);
  }
};

// Operator classes as the hardware sees them.
enum class OpKind : uint8_t {
  Conv,         // convolution (grouped and depthwise too): im2col GEMM on the PE array
  MatMul,       // (batched) matrix product, Gemm/Linear/MatMul: PE array
  Attention,    // fused QK^T, softmax, xV (when the hardware offers it): PE array + vector unit
  Pool,         // max/average pooling, global pooling: vector unit
  Elementwise,  // add, mul, activations, normalizations, softmax, reductions: vector unit
  Embedding,    // table lookup (Gather): DMA
  Transpose,    // layout change: DMA copy
  View,         // reshape/flatten/concat/split/slice/identity: no data movement (aliases storage)
  Collective,   // across the tensor-parallel group: type AllReduce, ReduceScatter or AllGather
  Optimizer,    // weight update (SGD, Adam): vector unit
};
const char* op_kind_name(OpKind k);

struct ConvAttrs {
  int64_t n = 1, c = 0, h = 0, w = 0;  // input
  int64_t k = 0, r = 0, s = 0;         // filters
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
  int64_t out_h() const {
    return (h + pad_top + pad_bottom - dilation_h * (r - 1) - 1) / stride_h + 1;
  }
  int64_t out_w() const {
    return (w + pad_left + pad_right - dilation_w * (s - 1) - 1) / stride_w + 1;
  }
};

// C[batch][M][N] = A[batch][M][K] x B[batch or shared][K][N]
struct MatMulAttrs {
  int64_t batch = 1, m = 0, n = 0, k = 0;
  bool b_is_weight =
      true;  // B shared across the batch (a layer's weights) or per batch (attention)
};

struct PoolAttrs {
  int64_t window = 1;  // elements reduced per output element
};

// An operator. Which attribute block is meaningful depends on `kind`.
struct OpNode {
  std::string name;
  OpKind kind = OpKind::Elementwise;
  std::string type;  // the source operator type: "Conv", "Gemm", "Relu", "Softmax", ...
  std::vector<TensorId> inputs;
  std::vector<TensorId> outputs;
  ConvAttrs conv;
  MatMulAttrs mm;
  PoolAttrs pool;
  VectorWork work;  // per output element, for vector-unit operators and fused epilogues
  TensorId residual =
      kNone;  // fused residual add: this tensor (also in `inputs`) joins the epilogue
  std::vector<std::string> fused;         // names of operators folded into this one by passes
  Precision precision = Precision::FP32;  // MAC / vector precision
  double sparsity = 0;                    // fraction of zero weights (unstructured pruning)
  bool sparse_2_4 = false;                // weights pruned to the 2:4 pattern
  int32_t attention_heads = 0;  // for fused attention: heads (attrs in mm: per head m, n=k=seq...)
  bool backward = false;        // part of a training backward pass
  // Cluster passes: the pipeline stage this operator runs on, and (tensor parallelism) whether
  // its input gradient is a partial sum over the tensor-parallel group that must be all-reduced
  // (Megatron's f operator: a column-parallel layer whose input is replicated).
  int32_t stage = 0;
  bool tp_grad_allreduce = false;
  bool removed = false;  // set by passes; dropped by Graph::compact()

  uint64_t macs() const;  // multiply-accumulates (zero for vector/data-movement operators)
  bool on_pe_array() const {
    return kind == OpKind::Conv || kind == OpKind::MatMul || kind == OpKind::Attention;
  }
};

class Graph {
 public:
  std::string name;
  int64_t batch = 1;
  std::vector<std::string> skipped_ops;  // operators an importer skipped on request

  TensorId add_tensor(Tensor t);
  OpId add_op(OpNode op);  // sets the producer of its outputs

  const OpNode& op(OpId id) const { return ops_[static_cast<size_t>(id)]; }
  OpNode& op(OpId id) { return ops_[static_cast<size_t>(id)]; }
  const Tensor& tensor(TensorId id) const { return tensors_[static_cast<size_t>(id)]; }
  Tensor& tensor(TensorId id) { return tensors_[static_cast<size_t>(id)]; }
  size_t num_ops() const { return ops_.size(); }
  size_t num_tensors() const { return tensors_.size(); }
  const std::vector<OpNode>& ops() const { return ops_; }
  std::vector<OpNode>& ops() { return ops_; }
  const std::vector<Tensor>& tensors() const { return tensors_; }

  // Operators in dependency order (Boost.Graph topological sort; ties keep insertion order).
  // Throws InputError naming an operator on a cycle.
  std::vector<OpId> topological_order() const;
  // Consumers of each tensor (operators that read it).
  std::vector<std::vector<OpId>> consumers() const;
  // Drops operators marked removed and renumbers; tensors no one uses are kept (weights matter).
  void compact();
  // Graphviz text of the operator graph.
  std::string to_dot() const;

  uint64_t total_macs() const;
  uint64_t weight_bytes() const;
  uint64_t weight_elements() const;

 private:
  std::vector<OpNode> ops_;
  std::vector<Tensor> tensors_;
};

}  // namespace tessera
