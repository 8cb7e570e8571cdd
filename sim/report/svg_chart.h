// Small inline-SVG charts for the HTML report: no scripts, no external resources. Colours come
// from CSS classes (s0..s5, roof, cap, axis) so the page's light and dark themes restyle them.
// Every chart is a <figure class="chart" data-chart=NAME> holding one <svg>.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tessera {

struct BarSeries {
  std::string name;
  std::vector<double> values;  // one per bar
};

// Vertical stacked bars (one per label), y in `unit`.
std::string svg_stacked_bars(const std::string& id, const std::string& title,
                             const std::vector<std::string>& labels,
                             const std::vector<BarSeries>& series, const std::string& y_label);

// Horizontal bars with values (energy breakdown and the like).
std::string svg_hbars(const std::string& id, const std::string& title,
                      const std::vector<std::string>& labels, const std::vector<double>& values,
                      const std::string& unit_label);

struct ScatterPoint {
  double x, y;
  std::string label;
};
// Roofline: log-log operational intensity (FLOP/byte) against FLOP/s, with the compute roof and
// the bandwidth roof.
std::string svg_roofline(const std::string& id, const std::string& title,
                         const std::vector<ScatterPoint>& points, double peak_flops,
                         double bandwidth);

// A line over time (seconds) with an optional horizontal cap line (cap <= 0: none).
std::string svg_line(const std::string& id, const std::string& title,
                     const std::vector<std::pair<double, double>>& xy, const std::string& y_label,
                     double cap, const std::string& cap_label);

// A grid of cells coloured by value in [0, 1] (link utilization heatmap), with a label each.
std::string svg_heatmap(const std::string& id, const std::string& title,
                        const std::vector<std::string>& labels, const std::vector<double>& values,
                        int columns);

struct GanttBar {
  std::string row;
  double start, end;
  int series;  // colour class s<series>
  std::string label;
};
std::string svg_gantt(const std::string& id, const std::string& title,
                      const std::vector<GanttBar>& bars,
                      const std::vector<std::string>& series_names);

// Two objectives of a sweep: every point (front points highlighted and joined by a step line
// through the front), on log axes when a range spans more than a decade.
struct FrontPoint {
  double x, y;
  bool on_front;
  std::string label;
};
std::string svg_pareto(const std::string& id, const std::string& title,
                       const std::vector<FrontPoint>& points, const std::string& x_label,
                       const std::string& y_label);

std::string html_escape(const std::string& s);
// Engineering formatting for axis ticks: 1.5k, 2.3M, 4.1 us.
std::string short_number(double v);
std::string short_seconds(double s);

}  // namespace tessera
