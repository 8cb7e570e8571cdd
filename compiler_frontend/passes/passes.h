// Graph passes: each a pure function of graph + options, one file each. Each returns what it
// did as a PassRecord for the report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"

namespace tessera {

struct PassRecord {
  std::string name;
  std::string summary;
};

// Rewrites element-by-element spellings (GELU's erf chain) into single operators.
Graph recognize_patterns(const Graph& g, PassRecord* record);

// Folds batch-norm and bias into the producing convolution / GEMM, and element-wise work
// (activations, scaling, residual adds) into its epilogue on the vector unit, when the
// producer's output feeds nothing else.
// Batch norms fold only for inference (training needs batch statistics).
Graph fuse_operators(const Graph& g, PassRecord* record, bool fold_batchnorm = true);

// Recognises attention (QK^T, optional scale and mask, softmax, xV) as one operator, which the
// lowering runs without writing the scores to DRAM (for hardware that offers it).
Graph fuse_attention(const Graph& g, PassRecord* record);

// Precision of weights and activations, globally and per layer (first matching rule wins).
struct QuantRule {
  std::string match = "*";  // glob on the layer name
  std::string
      op;  // operator class (conv, matmul, attention, elementwise, pool, embedding); empty: any
  std::optional<Precision> weights, activations;
};
struct QuantOptions {
  Precision weights = Precision::INT8;
  Precision activations = Precision::INT8;
  std::vector<QuantRule> rules;
};
// MACs run at the wider of the weight and activation precisions.
Graph quantize(const Graph& g, const QuantOptions& opts, PassRecord* record);
// Every tensor and operator at one precision (the simple case of quantize).
Graph set_precision(const Graph& g, Precision p, PassRecord* record);

// Pruning: unstructured (a sparsity ratio) or structured 2:4, on PE-array layers whose name
// matches. What it saves depends on the hardware: with zero skipping (unstructured) or 2:4
// support the array skips the pruned MACs and weights are stored compressed with index
// metadata; without support the weights stay dense and nothing is saved.
struct PruneOptions {
  double sparsity = 0;    // unstructured fraction of zero weights
  bool two_four = false;  // 2:4 structured
  std::vector<std::string> match = {"*"};
  bool hw_zero_skipping = false;
  bool hw_structured = false;
};
Graph prune(const Graph& g, const PruneOptions& opts, PassRecord* record);

// Training: forward + backward (gradients of activations and weights) + optimizer update.
enum class Optimizer : uint8_t { SGD, Adam };
struct TrainingOptions {
  Optimizer optimizer = Optimizer::SGD;
  bool input_gradients = true;  // also compute the gradient of the model input (frameworks do
                                // when the input requires grad); makes a GEMM network's
                                // training MACs exactly 3x its inference MACs
};
Graph expand_training(const Graph& g, const TrainingOptions& opts, PassRecord* record);

// Tensor parallelism (Megatron-LM, Shoeybi et al. 2019; sequence parallelism, Korthikanti et
// al. 2022) over `degree` ranks: every rank holds this graph. A matrix product or convolution
// whose input is replicated is split by output features (column-parallel; its input gradient is
// all-reduced in training); one whose input is split by features is split by input features
// (row-parallel) and followed by an all-reduce of its partial output, or with
// `sequence_parallel` by a reduce-scatter that leaves the activations split by tokens until the
// next column-parallel layer all-gathers them. Element-wise and attention work on split tensors
// shrinks by the degree; an operator that needs a whole tensor split by features gets it
// all-gathered. Embedding tables are split by vocabulary (with an all-reduce of the lookup).
// Inserted collectives are OpKind::Collective operators; graph outputs stay split.
struct TensorParallelOptions {
  int64_t degree = 1;
  bool sequence_parallel = false;
};
Graph shard_tensor_parallel(const Graph& g, const TensorParallelOptions& opts, PassRecord* record);

// Pipeline parallelism: assigns every operator a stage in [0, stages) so that the stages get
// contiguous runs of the topological order with balanced cost: `op_cost` (seconds per operator,
// indexed by OpId, e.g. a roofline estimate from the lowering) or, without it, MACs. Operators
// without cost join the stage before them. Throws InputError when there are fewer operators
// with a cost than stages.
Graph assign_pipeline_stages(const Graph& g, int64_t stages, PassRecord* record,
                             const std::vector<double>* op_cost = nullptr);

// Pipeline stages that do the same work (same operators, shapes, precisions and wiring, names
// aside; e.g. the middle stages of a transformer): for each stage, the first stage identical to
// it. Symmetry lets a cluster run simulate each distinct stage once.
std::vector<int32_t> identical_stages(const Graph& g, int64_t stages);
// The operators of the stages that are their own representative; tensors whose producer was
// dropped become inputs already in memory (what the previous stage sent).
Graph keep_representative_stages(const Graph& g, const std::vector<int32_t>& representative);

bool glob_match(const std::string& pattern, const std::string& name);

}  // namespace tessera
