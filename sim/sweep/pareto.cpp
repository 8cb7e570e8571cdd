#include "sim/sweep/pareto.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tessera {

std::vector<Objective> parse_objectives(const std::string& spec) {
  std::vector<Objective> out;
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const size_t a = item.find_first_not_of(' '), b = item.find_last_not_of(' ');
    if (a == std::string::npos)
      throw std::invalid_argument("objectives '" + spec + "': empty item");
    item = item.substr(a, b - a + 1);
    Objective o;
    const size_t colon = item.find(':');
    o.metric = item.substr(0, colon);
    if (colon != std::string::npos) {
      const std::string dir = item.substr(colon + 1);
      if (dir == "max")
        o.maximize = true;
      else if (dir != "min")
        throw std::invalid_argument("objectives '" + spec + "': '" + dir + "' is not min or max");
    }
    if (o.metric.empty())
      throw std::invalid_argument("objectives '" + spec + "': missing metric name");
    out.push_back(o);
  }
  if (out.size() < 2)
    throw std::invalid_argument("objectives '" + spec + "': a front needs at least two objectives");
  return out;
}

std::string objectives_name(const std::vector<Objective>& objs) {
  std::string s;
  for (const auto& o : objs) s += (s.empty() ? "" : "-vs-") + o.metric;
  return s;
}

std::vector<bool> pareto_front(const std::vector<std::vector<double>>& values,
                               const std::vector<bool>& maximize,
                               const std::vector<bool>& eligible) {
  const size_t n = values.size(), k = maximize.size();
  // Work in "smaller is better" for every objective.
  std::vector<std::vector<double>> v(n, std::vector<double>(k));
  std::vector<bool> ok(n);
  for (size_t p = 0; p < n; ++p) {
    ok[p] = eligible[p];
    for (size_t j = 0; j < k; ++j) {
      v[p][j] = maximize[j] ? -values[p][j] : values[p][j];
      if (std::isnan(v[p][j])) ok[p] = false;
    }
  }
  std::vector<bool> front(n, false);
  for (size_t p = 0; p < n; ++p) {
    if (!ok[p]) continue;
    bool dominated = false;
    for (size_t q = 0; q < n && !dominated; ++q) {
      if (q == p || !ok[q]) continue;
      bool no_worse = true, better = false;
      for (size_t j = 0; j < k; ++j) {
        if (v[q][j] > v[p][j]) no_worse = false;
        if (v[q][j] < v[p][j]) better = true;
      }
      dominated = no_worse && better;
    }
    front[p] = !dominated;
  }
  return front;
}

}  // namespace tessera
