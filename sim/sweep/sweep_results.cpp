#include "sim/sweep/sweep_results.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "sim/config/config_tree.h"
#include "sim/report/output_files.h"

namespace tessera {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s)
    q += c == '"' ? std::string("\"\"") : c == '\n' ? std::string(" ") : std::string(1, c);
  return q + "\"";
}

nlohmann::json json_number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

// Values for expressions: metrics, earlier derived columns, then the point's resolved config.
struct PointLookup {
  const ResultRow& row;
  const SweepResults& res;
  const std::string& config_path;
  mutable bool loaded = false;
  mutable ConfigNode config;
  std::optional<ExprValue> operator()(const std::string& name) const {
    if (name == "bound") return ExprValue::of_text(row.metrics.bound);
    auto m = row.metrics.numbers.find(name);
    if (m != row.metrics.numbers.end()) return ExprValue::of(m->second);
    for (size_t d = 0; d < row.derived.size() && d < res.derived_names.size(); ++d)
      if (res.derived_names[d] == name) return ExprValue::of(row.derived[d]);
    if (!loaded) {
      loaded = true;
      try {
        config = load_config_file(config_path);
      } catch (const std::exception&) {
      }
    }
    return config_value(config, name);
  }
};

}  // namespace

size_t SweepResults::count(const std::string& status) const {
  size_t n = 0;
  for (const auto& r : rows) n += r.status == status;
  return n;
}

std::string front_column(const std::vector<Objective>& f) {
  return "front:" + objectives_name(f);
}

SweepResults collect_results(const SweepSpec& spec, const SweepPlan& plan, const std::string& dir,
                             const std::vector<std::vector<Objective>>& fronts) {
  SweepResults res;
  res.name = spec.name;
  res.columns = plan.columns;
  for (const auto& d : spec.derived) res.derived_names.push_back(d.name);
  res.fronts = fronts;
  for (const SweepPoint& p : plan.points) {
    ResultRow row;
    row.point = &p;
    row.derived.assign(spec.derived.size(), kNaN);
    const std::string folder = dir + "/points/" + p.id;
    const std::string status_text = slurp(folder + "/status.json");
    if (status_text.empty()) {
      row.status = "pending";
    } else {
      auto st = nlohmann::json::parse(status_text, nullptr, false);
      row.status = st.is_object() ? st.value("status", "failed") : "failed";
      row.error = st.is_object() ? st.value("error", "") : "unreadable status.json";
    }
    if (row.status == "ok") {
      auto report = nlohmann::json::parse(slurp(folder + "/report.json"), nullptr, false);
      if (!report.is_object() || !report.contains("totals")) {
        row.status = "failed";
        row.error = "report.json missing or unreadable";
      } else {
        try {
          row.metrics = metrics_from_report(report);
        } catch (const std::exception& e) {  // a report that is not what a run writes
          row.status = "failed";
          row.error = e.what();
          res.rows.push_back(std::move(row));
          continue;
        }
        PointLookup lookup{row, res, folder + "/config.yaml"};
        for (size_t d = 0; d < spec.derived.size(); ++d) {
          try {
            row.derived[d] = spec.derived[d].expr.number(lookup);
          } catch (const ExprNotFinite& e) {  // 1/0, 0/0: an error of this point, said
            row.status = "failed";
            row.error = "derived " + spec.derived[d].name + ": " + e.what();
          } catch (const ExprError&) {
            row.derived[d] = kNaN;  // e.g. text in arithmetic for this point: left empty
          }
        }
        for (size_t c : plan.result_constraints) {
          if (row.status != "ok") break;
          bool ok = false;
          std::string why;
          try {
            ok = spec.constraints[c].expr.truth(lookup);
          } catch (const ExprError& e) {
            why = std::string(" (") + e.what() + ")";  // 0/0 is not "true"
          }
          if (!ok) {
            row.status = "infeasible";
            row.error = "constraint: " + spec.constraints[c].expr.text() + why;
            break;
          }
        }
      }
    }
    res.rows.push_back(std::move(row));
  }
  // Fronts over the feasible points.
  for (const auto& f : fronts) {
    std::vector<std::vector<double>> values;
    std::vector<bool> eligible, maximize;
    for (const auto& o : f) maximize.push_back(o.maximize);
    for (const auto& row : res.rows) {
      std::vector<double> v;
      for (const auto& o : f) {
        auto m = row.metrics.numbers.find(o.metric);
        double x = m != row.metrics.numbers.end() ? m->second : kNaN;
        for (size_t d = 0; d < res.derived_names.size(); ++d)
          if (res.derived_names[d] == o.metric) x = row.derived[d];
        v.push_back(x);
      }
      values.push_back(v);
      eligible.push_back(row.status == "ok");
    }
    const auto on = pareto_front(values, maximize, eligible);
    for (size_t i = 0; i < res.rows.size(); ++i) res.rows[i].fronts.push_back(on[i]);
  }
  return res;
}

void write_results(const SweepResults& r, const std::string& dir) {
  const auto& metrics = sweep_metrics();
  std::ostringstream csv;
  csv << "index,id";
  for (const auto& c : r.columns) csv << "," << csv_text(c);
  csv << ",status";
  for (const auto& m : metrics) csv << "," << m.name;
  for (const auto& d : r.derived_names) csv << "," << csv_text(d);
  for (const auto& f : r.fronts) csv << "," << csv_text(front_column(f));
  csv << ",error\n";
  nlohmann::json points = nlohmann::json::array();
  for (const auto& row : r.rows) {
    const SweepPoint& p = *row.point;
    csv << p.index << "," << p.id;
    nlohmann::json values = nlohmann::json::object(), mj = nlohmann::json::object(),
                   dj = nlohmann::json::object(), fj = nlohmann::json::object();
    for (size_t c = 0; c < r.columns.size(); ++c) {
      csv << "," << csv_text(p.values[c]);
      if (!p.values[c].empty()) values[r.columns[c]] = p.values[c];
    }
    csv << "," << row.status;
    const bool has = row.status == "ok" || row.status == "infeasible";
    for (const auto& m : metrics) {
      const std::string name = m.name;
      if (name == "bound") {
        csv << "," << (has ? row.metrics.bound : "");
        if (has) mj[name] = row.metrics.bound;
        continue;
      }
      auto it = row.metrics.numbers.find(name);
      const double v = has && it != row.metrics.numbers.end() ? it->second : kNaN;
      csv << "," << csv_number(v);
      if (has) mj[name] = json_number(v);
    }
    for (size_t d = 0; d < r.derived_names.size(); ++d) {
      csv << "," << csv_number(row.derived[d]);
      if (has) dj[r.derived_names[d]] = json_number(row.derived[d]);
    }
    for (size_t f = 0; f < r.fronts.size(); ++f) {
      csv << "," << (row.fronts[f] ? 1 : 0);
      fj[objectives_name(r.fronts[f])] = static_cast<bool>(row.fronts[f]);
    }
    csv << "," << csv_text(row.error) << "\n";
    nlohmann::json pj = {
        {"index", p.index}, {"id", p.id}, {"values", values}, {"status", row.status}};
    if (!row.error.empty()) pj["error"] = row.error;
    if (has) {
      pj["metrics"] = mj;
      if (!dj.empty()) pj["derived"] = dj;
    }
    pj["fronts"] = fj;
    points.push_back(pj);
  }
  nlohmann::json fronts = nlohmann::json::array();
  for (const auto& f : r.fronts) {
    nlohmann::json objs = nlohmann::json::array();
    for (const auto& o : f)
      objs.push_back({{"metric", o.metric}, {"goal", o.maximize ? "max" : "min"}});
    fronts.push_back({{"name", objectives_name(f)}, {"objectives", objs}});
  }
  nlohmann::json j = {{"schema", "tessera.sweep-results/1"},
                      {"sweep", r.name},
                      {"columns", r.columns},
                      {"derived", r.derived_names},
                      {"fronts", fronts},
                      {"counts",
                       {{"points", r.rows.size()},
                        {"ok", r.count("ok")},
                        {"infeasible", r.count("infeasible")},
                        {"failed", r.count("failed")},
                        {"timeout", r.count("timeout")},
                        {"pending", r.count("pending")}}},
                      {"points", points}};
  write_file(dir + "/results.csv", csv.str());
  write_file(dir + "/results.json", j.dump(1) + "\n");
}

}  // namespace tessera
