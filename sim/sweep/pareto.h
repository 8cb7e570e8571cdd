// Pareto fronts over sweep results. A point dominates another when it is at least as good in
// every objective and strictly better in one; the front is every eligible point nobody
// dominates. Identical points do not dominate each other, so ties are all on the front.
#pragma once

#include <string>
#include <vector>

namespace tessera {

struct Objective {
  std::string metric;
  bool maximize = false;
};

// "latency_s:min,energy_j:min" (":min" may be left out). Throws std::invalid_argument on a
// malformed spec; does not check that the metric exists.
std::vector<Objective> parse_objectives(const std::string& spec);
std::string objectives_name(const std::vector<Objective>& objs);  // "latency_s-vs-energy_j"

// values[p][k]: point p, objective k. Ineligible points (failed, infeasible, NaN) are never on
// the front and never dominate.
std::vector<bool> pareto_front(const std::vector<std::vector<double>>& values,
                               const std::vector<bool>& maximize,
                               const std::vector<bool>& eligible);

}  // namespace tessera
