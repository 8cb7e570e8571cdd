// State shared by the per-operator lowerings while one graph is lowered.
#pragma once

#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"
#include "compiler_frontend/lowering/program_builder.h"
#include "models/spec/chip_spec.h"
#include "models/spec/operator_ir.h"

namespace tessera {

struct LoweringContext {
  LoweringContext(const Graph& graph, const ChipSpec& c, OperatorProgram& p);

  const Graph& g;
  const ChipSpec& chip;
  OperatorProgram& prog;
  ProgramBuilder b;
  std::vector<uint32_t>
      ready;  // per tensor: the command after which it is in DRAM (kNoCmd: from the start)
  std::vector<uint64_t> addr;  // per tensor: DRAM address (views share their source's)
  uint8_t inputs_buffer = 0, weights_buffer = 0, outputs_buffer = 0;
  double dram_bytes_per_s = 0;

  // A barrier command depending on `deps`; returns kNoCmd when there is nothing to wait for.
  uint32_t barrier(const std::vector<uint32_t>& deps, uint32_t layer);
  // Load `bytes` at `address` into `buffer`, after `after`.
  uint32_t load(uint16_t core, uint8_t buffer, uint64_t address, uint64_t bytes, uint32_t layer,
                uint32_t after, Precision p);
  uint32_t store(uint16_t core, uint8_t buffer, uint64_t address, uint64_t bytes, uint32_t layer,
                 Precision p);
  LayerPlan& new_layer(const OpNode& op);
  uint32_t current_layer() const { return static_cast<uint32_t>(prog.layers.size() - 1); }
  uint32_t add_work(const VectorWork& w);
  // Unit keys for in-order chains.
  static uint32_t pe_key(uint16_t core) { return core; }
  static uint32_t vector_key(uint16_t core) { return 0x80000000u | core; }
};

void lower_gemm_op(LoweringContext& ctx, const OpNode& op);
void lower_vector_op(LoweringContext& ctx, const OpNode& op);
void lower_embedding_op(LoweringContext& ctx, const OpNode& op);
void lower_attention_op(LoweringContext& ctx, const OpNode& op);

}  // namespace tessera
