// The result columns of a sweep point, read from its report.json: the same names for a chip run,
// a cluster training step and a collective benchmark, so one sweep file can mix them and
// constraints, derived columns and Pareto objectives can name them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tessera {

struct MetricDoc {
  const char* name;
  const char* unit;
  const char* doc;
};

// In column order. `bound` is text; every other metric is a number.
const std::vector<MetricDoc>& sweep_metrics();
bool is_sweep_metric(const std::string& name);

struct PointMetrics {
  std::map<std::string, double> numbers;
  std::string bound;
};

PointMetrics metrics_from_report(const nlohmann::json& report);

}  // namespace tessera
