// The report of a run the wall-clock limit stopped: `status: incomplete` and how far it got
// (simulated time, commands or messages done, the layers that finished), so a script can tell
// it from a finished run and a person can see where the time went.
#pragma once

#include <string>

#include "sim/config/run_config.h"
#include "sim/run/run_incomplete.h"

namespace tessera {

std::string partial_report_json(const RunSpec& spec, const RunProgress& p);

// Writes DIR/report.json (creating DIR).
void write_partial_report(const std::string& dir, const RunSpec& spec, const RunProgress& p);

}  // namespace tessera
