// YAML spelling of hardware.interconnect (type: crossbar | mesh).
#pragma once

#include "models/config/schema.h"
#include "models/noc/noc_spec.h"

namespace tessera {

const Schema<InterconnectSpec>& interconnect_schema();

}  // namespace tessera
