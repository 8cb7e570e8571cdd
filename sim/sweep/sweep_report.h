// `tessera sweep report DIR`: the Pareto fronts of a finished sweep as plots and a page. Writes
// DIR/report/index.html (self-contained: counts, one chart per front, the table of points with
// the front rows marked), DIR/report/FRONT.svg per front, and FRONT.png through gnuplot when it
// is installed. The fronts are also columns of results.csv (1 = on the front).
#pragma once

#include <string>

#include "sim/sweep/sweep_results.h"

namespace tessera {

// Returns the number of PNG files written (0 without gnuplot).
int write_sweep_report(const SweepResults& r, const std::string& dir);

}  // namespace tessera
