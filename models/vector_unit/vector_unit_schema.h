// YAML spelling of hardware.vector_unit (type: simd).
#pragma once

#include "models/config/schema.h"
#include "models/vector_unit/vector_unit_spec.h"

namespace tessera {

const Schema<VectorUnitSpec>& vector_unit_schema();

}  // namespace tessera
