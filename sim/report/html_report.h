// The HTML report: one self-contained file (inline SVG and CSS, no scripts, no network) with the
// summary table and charts: per-layer time split into compute, vector, memory and interconnect
// stalls and idle cores; a roofline of the layers; energy by block; power over time with the cap;
// and for clusters a link-utilization heatmap, the collectives over time and the stages.
#pragma once

#include <string>

#include "sim/cluster/cluster_run.h"
#include "sim/run/run_result.h"

namespace tessera {

void write_html_report(const std::string& path, const RunResult& r);
void write_html_report(const std::string& path, const ClusterResult& r);

}  // namespace tessera
