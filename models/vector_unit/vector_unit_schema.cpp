#include "models/vector_unit/vector_unit_schema.h"

#include "models/platform/block_registry.h"
#include "models/vector_unit/vector_ops.h"

namespace tessera {

namespace {
std::vector<std::string> vector_op_names() {
  std::vector<std::string> v;
  for (size_t i = 0; i < kVectorOpCount; ++i) v.push_back(vector_op_name(static_cast<VectorOp>(i)));
  return v;
}

}  // namespace

const Schema<VectorUnitSpec>& vector_unit_schema() {
  static const Schema<VectorUnitSpec> s = [] {
    Schema<VectorUnitSpec> s("vector_unit",
                             "SIMD unit for element-wise, reduction and pooling work");
    s.type_key(
         "which registered block models it; `tessera describe vector_unit` lists the types and the "
         "default")
        .integer("lanes", &VectorUnitSpec::lanes, "16", 1, 1 << 20, "elements/cycle", "SIMD lanes")
        .quantity("clock", &VectorUnitSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock,
                  false, "clock of the unit (default: hardware.clock)")
        .integer("latency", &VectorUnitSpec::latency, "4", 0, 1 << 20, "cycles",
                 "pipeline fill cycles per command")
        .table("op_cycles", &VectorUnitSpec::op_cycles, vector_op_names(), nullptr, 0.0, 1e6,
               kNoDefault,
               "cycles per lane-group for each elementary op (defaults: add/mul/max/copy 1, "
               "exp/div/sqrt/erf/tanh 4)");
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(vector_unit_schema());
const BlockSectionRegistrar kSection({"vector_unit", "the vector unit of every core",
                                      BlockRole::CoreUnit, 2, "simd"});
const BlockTypeRegistrar kType("vector_unit", "simd",
                               "SIMD lanes; element-wise, reduction and pooling work");
}  // namespace

}  // namespace tessera
