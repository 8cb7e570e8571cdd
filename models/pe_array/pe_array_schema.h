// YAML spelling of hardware.pe_array (type: systolic).
#pragma once

#include "models/config/schema.h"
#include "models/pe_array/pe_array_spec.h"

namespace tessera {

const Schema<PeArraySpec>& pe_array_schema();

}  // namespace tessera
