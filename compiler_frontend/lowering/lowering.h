// Lowering: Graph IR -> Operator IR for one chip. Each operator becomes tiles sized to the
// chip's buffers and PE array (mapper.h), then Load / Compute / Vector / Store commands with
// dependencies (double buffering, in-order unit queues, tensor readiness between layers).
#pragma once

#include <cstdint>
#include <string>

#include "compiler_frontend/graph/graph_ir.h"
#include "models/spec/chip_spec.h"
#include "models/spec/operator_ir.h"

namespace tessera {

// Throws MappingError when an operator cannot be mapped (no tile fits, unsupported precision).
// `max_commands` bounds the program (the run's memory budget, `why` says so in the error).
OperatorProgram lower_graph(const Graph& g, const ChipSpec& chip,
                            uint64_t max_commands = UINT64_MAX, const std::string& why = "");

}  // namespace tessera
