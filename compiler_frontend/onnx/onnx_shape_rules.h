// Static shape rules and constant folding for the ONNX operators Tessera accepts. ONNX's own
// shape inference leaves shapes unknown wherever they are computed at run time (attention
// blocks slice with ends taken from Shape/Gather/Mul); folding those small shape sub-graphs
// here gives every compute operator a static shape.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

#include "compiler_frontend/onnx/onnx_value.h"

namespace tessera::onnx_import {

// Operators with a rule here (shape, and values when all inputs are constant).
bool has_shape_rule(const std::string& op_type);
// Operators whose outputs can be computed when every input is a constant.
bool can_fold(const std::string& op_type);

// Computes the outputs of `node` from its inputs (null for an omitted optional input).
// Throws InputError("...") on inconsistent shapes or attributes; the caller adds the node name.
std::vector<Value> apply_rule(const onnx::NodeProto& node, const std::vector<const Value*>& in,
                              bool fold);

// Attribute access with defaults.
int64_t attr_int(const onnx::NodeProto& n, const std::string& name, int64_t def);
float attr_float(const onnx::NodeProto& n, const std::string& name, float def);
std::vector<int64_t> attr_ints(const onnx::NodeProto& n, const std::string& name);
std::string attr_string(const onnx::NodeProto& n, const std::string& name, const std::string& def);
bool has_attr(const onnx::NodeProto& n, const std::string& name);

// Reads a TensorProto's values when it is small and holds data (raw or typed fields).
bool read_tensor_values(const onnx::TensorProto& t, std::vector<double>& out, bool& is_float);
bool is_integer_type(int32_t onnx_type);

}  // namespace tessera::onnx_import
