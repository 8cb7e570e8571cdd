// YAML spelling of hardware.l2 (type: cache).
#pragma once

#include "models/config/schema.h"
#include "models/l2/l2_spec.h"

namespace tessera {

const Schema<L2Spec>& l2_schema();

}  // namespace tessera
