// YAML spelling of an entry of hardware.buffers.
#pragma once

#include "models/buffer/buffer_spec.h"
#include "models/config/schema.h"

namespace tessera {

const Schema<BufferSpec>& buffer_schema();

}  // namespace tessera
