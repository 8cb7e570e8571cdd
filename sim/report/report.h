// Report writers: report.json (versioned schema), layers.csv and the stdout summary.
#pragma once

#include <ostream>
#include <string>

#include "sim/run/run_result.h"

namespace tessera {

constexpr const char* kReportSchema = "tessera.report/1";

std::string report_json(const RunResult& r);  // pretty-printed, ends with a newline
std::string layers_csv(const RunResult& r);
void print_summary(std::ostream& os, const RunResult& r);
void print_graph_table(std::ostream& os, const Graph& g, const std::vector<PassRecord>& passes);

// Writes report.json, layers.csv and config.yaml (the resolved config) into `dir`, creating it.
// Throws std::runtime_error with the path when a file cannot be written.
void write_run_outputs(const std::string& dir, const RunResult& r);

}  // namespace tessera
