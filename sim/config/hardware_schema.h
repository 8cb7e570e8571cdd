// Schemas of the hardware blocks and technology tables (the YAML spelling of models/spec).
#pragma once

#include "models/spec/chip_spec.h"
#include "sim/config/schema.h"

namespace tessera {

const Schema<ChipSpec>& chip_schema();
const Schema<TechSpec>& tech_schema();

}  // namespace tessera
