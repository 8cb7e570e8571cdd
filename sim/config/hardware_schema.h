// Schemas of the hardware blocks and technology tables (the YAML spelling of models/spec).
#pragma once

#include "models/config/schema.h"
#include "models/spec/chip_spec.h"

namespace tessera {

const Schema<ChipSpec>& chip_schema();
const Schema<TechSpec>& tech_schema();
const Schema<PowerSpec>& power_schema();
const Schema<HostSpec>& host_schema();
const Schema<RuntimeSpec>& runtime_schema();
// The technology section: a table, or a node name (`technology: 7nm`) that selects the shipped
// table configs/tech/<node>.yaml; an unknown node is an error listing the known ones.
void parse_technology(TechSpec& t, ConfigNode& n, const std::string& path);

}  // namespace tessera
