#include "sim/sweep/sweep_report.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "models/spec/errors.h"
#include "sim/report/html_page.h"
#include "sim/report/svg_chart.h"

namespace tessera {

namespace {

namespace fs = std::filesystem;

double objective_value(const SweepResults& r, const ResultRow& row, const std::string& metric) {
  for (size_t d = 0; d < r.derived_names.size(); ++d)
    if (r.derived_names[d] == metric) return row.derived[d];
  auto it = row.metrics.numbers.find(metric);
  return it == row.metrics.numbers.end() ? NAN : it->second;
}

std::string point_label(const SweepResults& r, const ResultRow& row) {
  std::string s = "#" + std::to_string(row.point->index);
  for (size_t c = 0; c < r.columns.size(); ++c)
    if (!row.point->values[c].empty()) s += " " + r.columns[c] + "=" + row.point->values[c];
  return s;
}

std::string axis_label(const Objective& o) {
  return o.metric + (o.maximize ? " (higher is better)" : " (lower is better)");
}

// The chart's <svg> as a file of its own: namespace and a light stylesheet inside.
std::string standalone_svg(const std::string& figure) {
  const size_t a = figure.find("<svg"), b = figure.rfind("</svg>");
  std::string svg = figure.substr(a, b + 6 - a);
  svg.insert(4, " xmlns=\"http://www.w3.org/2000/svg\"");
  const size_t close = svg.find('>');
  svg.insert(
      close + 1,
      "<style>text{font:11px "
      "sans-serif;fill:#1d2330}.title{font-size:13px;font-weight:600}.label{fill:#6b7280}"
      ".axis{stroke:#1d2330}.grid{stroke:#e5e7eb}.front{fill:none;stroke:#dc2626;stroke-width:1.5}"
      ".s2{fill:#dc2626}.dominated{fill:#9ca3af;fill-opacity:.6}</style><rect width=\"100%\" "
      "height=\"100%\" fill=\"#fff\"/>");
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n";
}

std::string find_gnuplot() {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string d;
  while (std::getline(ss, d, ':'))
    if (!d.empty() && access((d + "/gnuplot").c_str(), X_OK) == 0) return d + "/gnuplot";
  return "";
}

// A gnuplot string literal: single quotes, inside which gnuplot reads nothing but '' (one quote);
// no newline or other control character may reach the script at all (the caller checks).
std::string gnuplot_string(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

bool has_control_character(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

// Runs gnuplot on `script` (a file name) inside `dir`, so the script names only files there.
bool run_gnuplot(const std::string& gnuplot, const std::string& dir, const std::string& script) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    // gnuplot's warnings (e.g. an empty range for a one-point front) go to a log, not our stderr.
    const std::string log = script + ".log";
    if (std::freopen(log.c_str(), "w", stderr) == nullptr) _exit(127);
    execl(gnuplot.c_str(), gnuplot.c_str(), script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// gnuplot: dominated points grey, the front red and joined. `dir`/`name`.png; every user string
// (the name, the metric labels) goes into the script through gnuplot_string alone.
bool write_png(const std::string& gnuplot, const std::string& dir, const std::string& name,
               const std::vector<FrontPoint>& pts, const std::vector<Objective>& f, bool logx,
               bool logy) {
  const std::string xlabel = axis_label(f[0]), ylabel = axis_label(f[1]);
  if (has_control_character(name) || has_control_character(xlabel) || has_control_character(ylabel))
    return false;
  const std::string base = dir + "/" + name;
  std::ostringstream all, front;
  std::vector<const FrontPoint*> fp;
  for (const auto& p : pts) {
    all << p.x << " " << p.y << "\n";
    if (p.on_front) fp.push_back(&p);
  }
  std::sort(fp.begin(), fp.end(),
            [](const FrontPoint* a, const FrontPoint* b) { return a->x < b->x; });
  for (const auto* p : fp) front << p->x << " " << p->y << "\n";
  write_file(base + ".all.dat", all.str());
  write_file(base + ".front.dat", front.str());
  std::ostringstream gp;
  gp << "set terminal pngcairo size 900,600 noenhanced\nset output "
     << gnuplot_string(name + ".png") << "\n";
  gp << "set xlabel " << gnuplot_string(xlabel) << "\nset ylabel " << gnuplot_string(ylabel)
     << "\nset grid\nset key top right\n";
  if (logx) gp << "set logscale x\n";
  if (logy) gp << "set logscale y\n";
  gp << "plot " << gnuplot_string(name + ".all.dat")
     << " using 1:2 with points pt 7 ps 0.8 lc rgb '#9ca3af' title 'design points', "
     << gnuplot_string(name + ".front.dat")
     << " using 1:2 with linespoints pt 7 ps 1.2 lc rgb '#dc2626' title 'Pareto front'\n";
  write_file(base + ".gp", gp.str());
  return run_gnuplot(gnuplot, dir, name + ".gp");
}

std::string fmt(double v) {
  if (std::isnan(v)) return "";
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

}  // namespace

int write_sweep_report(const SweepResults& r, const std::string& dir) {
  const std::string out = dir + "/report";
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw InputError("sweep report: cannot create " + out + ": " + ec.message());
  const std::string gnuplot = find_gnuplot();
  int pngs = 0;

  std::string page =
      html_page_start("Sweep " + r.name,
                      std::to_string(r.rows.size()) + " points: " + std::to_string(r.count("ok")) +
                          " ok, " + std::to_string(r.count("infeasible")) + " infeasible, " +
                          std::to_string(r.count("failed") + r.count("timeout")) + " failed, " +
                          std::to_string(r.count("pending")) + " pending");
  page += "<h2>Pareto fronts</h2>\n";
  for (size_t f = 0; f < r.fronts.size(); ++f) {
    const auto& objs = r.fronts[f];
    std::vector<FrontPoint> pts;
    for (const auto& row : r.rows) {
      if (row.status != "ok") continue;
      const double x = objective_value(r, row, objs[0].metric),
                   y = objective_value(r, row, objs[1].metric);
      if (std::isnan(x) || std::isnan(y)) continue;
      pts.push_back({x, y, static_cast<bool>(row.fronts[f]), point_label(r, row)});
    }
    const std::string name = objectives_name(objs);
    std::string title = objs[1].metric + " against " + objs[0].metric;
    if (objs.size() > 2) title += " (front over " + std::to_string(objs.size()) + " objectives)";
    const std::string fig =
        svg_pareto("front-" + name, title, pts, axis_label(objs[0]), axis_label(objs[1]));
    page += fig;
    write_file(out + "/" + name + ".svg", standalone_svg(fig));
    if (!gnuplot.empty() && !pts.empty()) {
      double xmin = INFINITY, xmax = 0, ymin = INFINITY, ymax = 0;
      for (const auto& p : pts) {
        xmin = std::min(xmin, p.x), xmax = std::max(xmax, p.x);
        ymin = std::min(ymin, p.y), ymax = std::max(ymax, p.y);
      }
      if (write_png(gnuplot, out, name, pts, objs, xmin > 0 && xmax / xmin > 10,
                    ymin > 0 && ymax / ymin > 10))
        ++pngs;
    }
  }

  // The table: every point, front rows in bold.
  page += "<h2>Points</h2>\n<div style=\"overflow-x:auto\"><table><tr><th>#</th>";
  for (const auto& c : r.columns) page += "<th>" + html_escape(c) + "</th>";
  page +=
      "<th>status</th><th>latency_s</th><th>throughput_per_s</th><th>energy_j</th><th>avg_power_w</"
      "th><th>area_mm2</th>"
      "<th>utilization</th><th>bound</th>";
  for (const auto& d : r.derived_names) page += "<th>" + html_escape(d) + "</th>";
  for (const auto& f : r.fronts) page += "<th>" + html_escape(objectives_name(f)) + "</th>";
  page += "</tr>\n";
  for (const auto& row : r.rows) {
    bool any = false;
    for (bool b : row.fronts) any = any || b;
    page += any ? "<tr class=\"front\">" : "<tr>";
    page += "<td class=\"n\">" + std::to_string(row.point->index) + "</td>";
    for (const auto& v : row.point->values) page += "<td>" + html_escape(v) + "</td>";
    page += "<td title=\"" + html_escape(row.error) + "\">" + row.status + "</td>";
    for (const char* m :
         {"latency_s", "throughput_per_s", "energy_j", "avg_power_w", "area_mm2", "utilization"}) {
      auto it = row.metrics.numbers.find(m);
      page += "<td class=\"n\">" +
              (it == row.metrics.numbers.end() ? std::string() : fmt(it->second)) + "</td>";
    }
    page += "<td>" + html_escape(row.metrics.bound) + "</td>";
    for (double d : row.derived) page += "<td class=\"n\">" + fmt(d) + "</td>";
    for (bool b : row.fronts) page += std::string("<td>") + (b ? "front" : "") + "</td>";
    page += "</tr>\n";
  }
  page += "</table></div>\n" + html_page_end();
  write_file(out + "/index.html", page);
  return pngs;
}

}  // namespace tessera
