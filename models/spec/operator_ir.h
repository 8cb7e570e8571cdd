// Operator IR at its lowest level: the commands a chip's units execute, and their dependencies.
// The lowering (compiler_frontend) writes them; the SystemC platform (models/sc, sim) runs them.
// Commands form a DAG per node; double buffering, in-order queues and layer boundaries are all
// expressed as edges, so the executor needs no special cases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/spec/chip_spec.h"
#include "models/spec/precision.h"
#include "models/vector_unit/vector_ops.h"

namespace tessera {

enum class CmdKind : uint8_t {
  Load,     // DMA: DRAM -> buffer
  Store,    // DMA: buffer -> DRAM
  Compute,  // PE array: one GEMM tile
  Vector,   // vector unit: element-wise / reduction work on buffer-resident data
  Barrier,  // no unit: completes when its dependencies complete (tensor ready, layer end)
};
constexpr size_t kCmdKindCount = 5;
const char* cmd_kind_name(CmdKind k);

// A GEMM tile as the PE array sees it: m x k by k x n under a dataflow. `pack` > 1 marks
// block-diagonal packing of small groups (grouped/depthwise convolution).
struct GemmTile {
  uint32_t m = 0, n = 0, k = 0;
  Dataflow dataflow = Dataflow::WS;
};

struct Command {
  CmdKind kind = CmdKind::Barrier;
  Precision precision = Precision::INT8;
  uint16_t core = 0;
  uint8_t buffer = 0;        // Load/Store: buffer index; Compute/Vector: output buffer index
  uint32_t layer = 0;        // index into OperatorProgram::layers
  uint32_t work = 0;         // Vector: index into OperatorProgram::works
  uint64_t addr = 0;         // Load/Store: DRAM address
  uint64_t bytes = 0;        // Load/Store: bytes moved; Vector: elements
  GemmTile gemm;             // Compute
  uint64_t macs = 0;         // Compute: useful MACs (excludes padding and packing zeros)
  uint64_t read_bytes = 0;   // Compute/Vector: bytes read from buffers
  uint64_t write_bytes = 0;  // Compute/Vector: bytes written to buffers
  uint8_t read_buffer_a = 0, read_buffer_b = 0;  // Compute: where the operands live
  double reduction_scale = 1.0;  // Compute: fraction of the reduction dimension executed (sparsity)
  // Barrier: completes `delay` after its dependencies, and not before `not_before` (absolute):
  // operator launch costs and host dispatch times of the runtime model.
  uint64_t delay = 0;       // femtoseconds
  uint64_t not_before = 0;  // femtoseconds
  // DAG in compressed form: successors are succ[succ_begin .. succ_begin + succ_count).
  uint32_t num_deps = 0;
  uint32_t succ_begin = 0;
  uint32_t succ_count = 0;
};

// What one Graph IR operator became: the report's per-layer row.
struct LayerPlan {
  int32_t op = -1;  // the Graph IR operator this layer runs
  std::string name;
  std::string op_type;  // source operator type ("Conv", "Gemm", "Softmax", ...)
  std::string kind;     // conv, matmul, elementwise, ...
  uint64_t macs = 0;
  Precision precision = Precision::INT8;
  std::string dataflow = "-";  // os/ws/is for PE-array layers
  uint64_t tile_m = 0, tile_n = 0, tile_k = 0;
  std::string loop_order;  // "m-outer" / "n-outer"
  uint64_t gemm_m = 0, gemm_n = 0, gemm_k = 0, gemm_batch = 0;
  uint64_t pack = 1;            // groups packed block-diagonally per array pass
  uint64_t compute_cycles = 0;  // stall-free PE-array cycles (sum over tiles, per core max)
  uint64_t min_dram_bytes = 0;  // weights + inputs + outputs that must cross DRAM at least once
  uint64_t planned_dram_bytes = 0;
  uint64_t weight_bytes = 0, input_bytes = 0, output_bytes = 0;
  uint32_t cores_used = 1;
  std::string split;  // how the layer was divided across cores
  std::vector<std::string> fused;
  double sparsity = 0;
  bool sparse_2_4 = false;
  std::string sparsity_note;
};

struct OperatorProgram {
  std::vector<Command> commands;
  std::vector<uint32_t> successors;  // CSR payload
  std::vector<LayerPlan> layers;
  std::vector<VectorWork> works;
  uint64_t dram_footprint = 0;  // bytes of DRAM address space used
};

}  // namespace tessera
