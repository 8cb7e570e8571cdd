// YAML spelling of hardware.dma (type: engine).
#pragma once

#include "models/config/schema.h"
#include "models/dma/dma_spec.h"

namespace tessera {

const Schema<DmaSpec>& dma_schema();

}  // namespace tessera
