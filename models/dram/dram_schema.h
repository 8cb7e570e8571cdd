// YAML spelling of hardware.dram: the memory device's keys, common to every DRAM type.
#pragma once

#include "models/config/schema.h"
#include "models/dram/dram_spec.h"

namespace tessera {

const Schema<DramSpec>& dram_schema();
const std::vector<std::string>& dram_timing_names();

}  // namespace tessera
