#include "sim/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace tessera {

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

std::string short_number(double v) {
  const char* suffix[] = {"", "k", "M", "G", "T", "P", "E"};
  int i = 0;
  double a = std::fabs(v);
  while (a >= 1000 && i < 6) {
    a /= 1000;
    v /= 1000;
    ++i;
  }
  char b[32];
  std::snprintf(b, sizeof b, a >= 100 || a == std::floor(a) ? "%.0f%s" : "%.3g%s", v, suffix[i]);
  return b;
}

std::string short_seconds(double s) {
  char b[32];
  if (s == 0) return "0";
  if (s >= 1)
    std::snprintf(b, sizeof b, "%.3g s", s);
  else if (s >= 1e-3)
    std::snprintf(b, sizeof b, "%.3g ms", s * 1e3);
  else if (s >= 1e-6)
    std::snprintf(b, sizeof b, "%.3g us", s * 1e6);
  else
    std::snprintf(b, sizeof b, "%.3g ns", s * 1e9);
  return b;
}

namespace {

constexpr int kW = 760, kH = 320, kLeft = 70, kRight = 20, kTop = 34, kBottom = 56;

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

std::string open_figure(const std::string& id, const std::string& title, int w, int h) {
  return "<figure class=\"chart\" data-chart=\"" + html_escape(id) + "\"><svg viewBox=\"0 0 " +
         std::to_string(w) + " " + std::to_string(h) + "\" role=\"img\" aria-label=\"" +
         html_escape(title) + "\"><text class=\"title\" x=\"" + std::to_string(kLeft) +
         "\" y=\"20\">" + html_escape(title) + "</text>";
}

std::string close_figure(const std::string& caption) {
  return "</svg>" + (caption.empty() ? std::string() : "<figcaption>" + caption + "</figcaption>") +
         "</figure>\n";
}

// "Nice" upper bound for a linear axis.
double nice_max(double v) {
  if (v <= 0) return 1;
  double p = std::pow(10, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10 * p;
}

std::string axes(double ymax, const std::string& y_label, bool seconds) {
  std::ostringstream o;
  const int x0 = kLeft, y0 = kH - kBottom, y1 = kTop, x1 = kW - kRight;
  o << "<line class=\"axis\" x1=\"" << x0 << "\" y1=\"" << y0 << "\" x2=\"" << x1 << "\" y2=\""
    << y0 << "\"/>";
  o << "<line class=\"axis\" x1=\"" << x0 << "\" y1=\"" << y0 << "\" x2=\"" << x0 << "\" y2=\""
    << y1 << "\"/>";
  for (int i = 0; i <= 4; ++i) {
    const double v = ymax * i / 4, y = y0 - (y0 - y1) * i / 4.0;
    o << "<line class=\"grid\" x1=\"" << x0 << "\" y1=\"" << num(y) << "\" x2=\"" << x1
      << "\" y2=\"" << num(y) << "\"/>";
    o << "<text class=\"tick\" x=\"" << x0 - 6 << "\" y=\"" << num(y + 4)
      << "\" text-anchor=\"end\">" << (seconds ? short_seconds(v) : short_number(v)) << "</text>";
  }
  o << "<text class=\"label\" transform=\"translate(14," << (y0 + y1) / 2
    << ") rotate(-90)\" text-anchor=\"middle\">" << html_escape(y_label) << "</text>";
  return o.str();
}

std::string legend(const std::vector<std::string>& names) {
  std::ostringstream o;
  int x = kLeft;
  for (size_t i = 0; i < names.size(); ++i) {
    o << "<rect class=\"s" << i % 6 << "\" x=\"" << x << "\" y=\"" << kH - 18
      << "\" width=\"10\" height=\"10\"/>";
    o << "<text class=\"tick\" x=\"" << x + 14 << "\" y=\"" << kH - 9 << "\">"
      << html_escape(names[i]) << "</text>";
    x += 24 + static_cast<int>(names[i].size()) * 7;
  }
  return o.str();
}

}  // namespace

std::string svg_stacked_bars(const std::string& id, const std::string& title,
                             const std::vector<std::string>& labels,
                             const std::vector<BarSeries>& series, const std::string& y_label) {
  std::string o = open_figure(id, title, kW, kH);
  double ymax = 0;
  for (size_t b = 0; b < labels.size(); ++b) {
    double t = 0;
    for (const auto& s : series) t += b < s.values.size() ? s.values[b] : 0;
    ymax = std::max(ymax, t);
  }
  ymax = nice_max(ymax);
  const bool seconds = y_label.find("time") != std::string::npos;
  o += axes(ymax, y_label, seconds);
  const double plot_w = kW - kLeft - kRight, plot_h = kH - kTop - kBottom;
  const double slot = labels.empty() ? plot_w : plot_w / static_cast<double>(labels.size());
  const double bw = std::max(1.0, slot * 0.8);
  for (size_t b = 0; b < labels.size(); ++b) {
    double y = kH - kBottom;
    const double x = kLeft + slot * static_cast<double>(b) + (slot - bw) / 2;
    for (size_t s = 0; s < series.size(); ++s) {
      const double v = b < series[s].values.size() ? series[s].values[b] : 0;
      const double h = v / ymax * plot_h;
      if (h <= 0) continue;
      y -= h;
      o += "<rect class=\"mark s" + std::to_string(s % 6) + "\" x=\"" + num(x) + "\" y=\"" +
           num(y) + "\" width=\"" + num(bw) + "\" height=\"" + num(h) + "\"><title>" +
           html_escape(labels[b] + ": " + series[s].name + " " +
                       (seconds ? short_seconds(v) : short_number(v))) +
           "</title></rect>";
    }
  }
  // Few bars (pipeline stages, small models): name each one under the axis; many: hover titles.
  if (labels.size() <= 12) {
    for (size_t b = 0; b < labels.size(); ++b) {
      std::string text = labels[b].size() > 14 ? labels[b].substr(0, 13) + "…" : labels[b];
      o += "<text class=\"tick\" x=\"" + num(kLeft + slot * (static_cast<double>(b) + 0.5)) +
           "\" y=\"" + std::to_string(kH - kBottom + 14) + "\" text-anchor=\"middle\">" +
           html_escape(text) + "</text>";
    }
  }
  std::vector<std::string> names;
  for (const auto& s : series) names.push_back(s.name);
  o += legend(names);
  return o + close_figure(std::to_string(labels.size()) +
                          " bars; hover a bar for its layer and values.");
}

std::string svg_hbars(const std::string& id, const std::string& title,
                      const std::vector<std::string>& labels, const std::vector<double>& values,
                      const std::string& unit_label) {
  const int row = 22, h = kTop + row * static_cast<int>(labels.size()) + 30;
  std::string o = open_figure(id, title, kW, h);
  double vmax = 0;
  for (double v : values) vmax = std::max(vmax, v);
  vmax = nice_max(vmax);
  const int x0 = 200, plot_w = kW - x0 - 90;
  for (size_t i = 0; i < labels.size(); ++i) {
    const double v = i < values.size() ? values[i] : 0;
    const double w = vmax > 0 ? v / vmax * plot_w : 0;
    const int y = kTop + row * static_cast<int>(i);
    o += "<text class=\"tick\" x=\"" + std::to_string(x0 - 8) + "\" y=\"" + std::to_string(y + 15) +
         "\" text-anchor=\"end\">" + html_escape(labels[i]) + "</text>";
    o += "<rect class=\"mark s" + std::to_string(i % 6) + "\" x=\"" + std::to_string(x0) +
         "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + num(std::max(w, 0.5)) +
         "\" height=\"16\"><title>" +
         html_escape(labels[i] + ": " + short_number(v) + " " + unit_label) + "</title></rect>";
    o += "<text class=\"tick\" x=\"" + num(x0 + w + 6) + "\" y=\"" + std::to_string(y + 15) +
         "\">" + html_escape(short_number(v) + " " + unit_label) + "</text>";
  }
  return o + close_figure("");
}

std::string svg_roofline(const std::string& id, const std::string& title,
                         const std::vector<ScatterPoint>& points, double peak_flops,
                         double bandwidth) {
  std::string o = open_figure(id, title, kW, kH);
  // Axis ranges in decades around the ridge point and the data.
  double xmin = 1e9, xmax = 0, ymax = peak_flops, ymin = peak_flops;
  for (const auto& p : points) {
    if (p.x <= 0 || p.y <= 0) continue;
    xmin = std::min(xmin, p.x);
    xmax = std::max(xmax, p.x);
    ymin = std::min(ymin, p.y);
    ymax = std::max(ymax, p.y);
  }
  const double ridge = bandwidth > 0 ? peak_flops / bandwidth : 1;
  xmin = std::pow(10, std::floor(std::log10(std::min(xmin, ridge / 10))));
  xmax = std::pow(10, std::ceil(std::log10(std::max(xmax, ridge * 10))));
  ymin = std::pow(10, std::floor(std::log10(std::max(ymin / 2, 1.0))));
  ymax = std::pow(10, std::ceil(std::log10(ymax * 1.5)));
  const double x0 = kLeft, x1 = kW - kRight, y0 = kH - kBottom, y1 = kTop;
  auto X = [&](double v) {
    return x0 +
           (std::log10(v) - std::log10(xmin)) / (std::log10(xmax) - std::log10(xmin)) * (x1 - x0);
  };
  auto Y = [&](double v) {
    return y0 -
           (std::log10(v) - std::log10(ymin)) / (std::log10(ymax) - std::log10(ymin)) * (y0 - y1);
  };
  o += "<line class=\"axis\" x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x1) +
       "\" y2=\"" + num(y0) + "\"/>";
  o += "<line class=\"axis\" x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x0) +
       "\" y2=\"" + num(y1) + "\"/>";
  for (double d = xmin; d <= xmax * 1.001; d *= 10)
    o += "<text class=\"tick\" x=\"" + num(X(d)) + "\" y=\"" + num(y0 + 16) +
         "\" text-anchor=\"middle\">" + short_number(d) + "</text>";
  for (double d = ymin; d <= ymax * 1.001; d *= 10) {
    o += "<line class=\"grid\" x1=\"" + num(x0) + "\" y1=\"" + num(Y(d)) + "\" x2=\"" + num(x1) +
         "\" y2=\"" + num(Y(d)) + "\"/>";
    o += "<text class=\"tick\" x=\"" + num(x0 - 6) + "\" y=\"" + num(Y(d) + 4) +
         "\" text-anchor=\"end\">" + short_number(d) + "</text>";
  }
  o += "<text class=\"label\" x=\"" + num((x0 + x1) / 2) + "\" y=\"" + num(y0 + 34) +
       "\" text-anchor=\"middle\">operational intensity (FLOP per DRAM byte)</text>";
  o += "<text class=\"label\" transform=\"translate(14," + num((y0 + y1) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">FLOP/s</text>";
  // Roofs: bandwidth x intensity up to the ridge, then the compute peak.
  const double rx0 = xmin, rx1 = std::min(ridge, xmax);
  o += "<polyline class=\"roof\" points=\"" + num(X(rx0)) + "," +
       num(Y(std::max(ymin, bandwidth * rx0))) + " " + num(X(rx1)) + "," +
       num(Y(std::min(peak_flops, bandwidth * rx1))) + " " + num(X(xmax)) + "," +
       num(Y(peak_flops)) + "\"/>";
  o += "<text class=\"tick\" x=\"" + num(X(xmax) - 4) + "\" y=\"" + num(Y(peak_flops) - 6) +
       "\" text-anchor=\"end\">peak " + short_number(peak_flops) + "FLOP/s</text>";
  o += "<text class=\"tick\" x=\"" + num(X(rx0) + 4) + "\" y=\"" +
       num(Y(std::max(ymin, bandwidth * rx0)) - 6) + "\">" + short_number(bandwidth) + "B/s</text>";
  for (const auto& p : points) {
    if (p.x <= 0 || p.y <= 0) continue;
    o += "<circle class=\"mark s0 point\" cx=\"" + num(X(p.x)) + "\" cy=\"" + num(Y(p.y)) +
         "\" r=\"3.5\"><title>" +
         html_escape(p.label + ": " + short_number(p.x) + " FLOP/B, " + short_number(p.y) +
                     "FLOP/s") +
         "</title></circle>";
  }
  return o + close_figure(
                 "Each point is a layer; the line is the chip's roof (DRAM bandwidth, then peak "
                 "compute).");
}

std::string svg_line(const std::string& id, const std::string& title,
                     const std::vector<std::pair<double, double>>& xy, const std::string& y_label,
                     double cap, const std::string& cap_label) {
  std::string o = open_figure(id, title, kW, kH);
  double xmax = 0, ymax = cap;
  for (const auto& p : xy) {
    xmax = std::max(xmax, p.first);
    ymax = std::max(ymax, p.second);
  }
  ymax = nice_max(ymax * 1.05);
  if (xmax <= 0) xmax = 1;
  o += axes(ymax, y_label, false);
  const double x0 = kLeft, x1 = kW - kRight, y0 = kH - kBottom, y1 = kTop;
  auto X = [&](double v) { return x0 + v / xmax * (x1 - x0); };
  auto Y = [&](double v) { return y0 - v / ymax * (y0 - y1); };
  for (int i = 0; i <= 4; ++i)
    o += "<text class=\"tick\" x=\"" + num(X(xmax * i / 4)) + "\" y=\"" + num(y0 + 16) +
         "\" text-anchor=\"middle\">" + short_seconds(xmax * i / 4) + "</text>";
  o += "<text class=\"label\" x=\"" + num((x0 + x1) / 2) + "\" y=\"" + num(y0 + 34) +
       "\" text-anchor=\"middle\">time</text>";
  std::string pts;
  for (size_t i = 0; i < xy.size(); ++i) {
    // Steps: each sample holds until the next.
    const double next = i + 1 < xy.size() ? xy[i + 1].first : xmax;
    pts += num(X(xy[i].first)) + "," + num(Y(xy[i].second)) + " " + num(X(next)) + "," +
           num(Y(xy[i].second)) + " ";
  }
  o += "<polyline class=\"mark series\" points=\"" + pts + "\"/>";
  if (cap > 0) {
    o += "<line class=\"cap\" x1=\"" + num(x0) + "\" y1=\"" + num(Y(cap)) + "\" x2=\"" + num(x1) +
         "\" y2=\"" + num(Y(cap)) + "\"/>";
    o += "<text class=\"tick\" x=\"" + num(x1 - 4) + "\" y=\"" + num(Y(cap) - 6) +
         "\" text-anchor=\"end\">" + html_escape(cap_label) + "</text>";
  }
  return o + close_figure("");
}

std::string svg_heatmap(const std::string& id, const std::string& title,
                        const std::vector<std::string>& labels, const std::vector<double>& values,
                        int columns) {
  columns = std::max(1, columns);
  const int rows = static_cast<int>((labels.size() + static_cast<size_t>(columns) - 1) /
                                    static_cast<size_t>(columns));
  const double cell = std::min(40.0, (kW - kLeft - kRight) / static_cast<double>(columns));
  const int h = kTop + static_cast<int>(cell * rows) + 40;
  std::string o = open_figure(id, title, kW, h);
  for (size_t i = 0; i < labels.size(); ++i) {
    const double v = std::clamp(i < values.size() ? values[i] : 0.0, 0.0, 1.0);
    const int r = static_cast<int>(i) / columns, c = static_cast<int>(i) % columns;
    // Opacity encodes utilization on the heat colour; the title gives the number.
    o += "<rect class=\"mark heat\" x=\"" + num(kLeft + c * cell) + "\" y=\"" +
         num(kTop + r * cell) + "\" width=\"" + num(cell - 1) + "\" height=\"" + num(cell - 1) +
         "\" fill-opacity=\"" + num(0.08 + 0.92 * v) + "\"><title>" +
         html_escape(labels[i] + ": " + num(100 * v) + "% busy") + "</title></rect>";
  }
  o += "<text class=\"tick\" x=\"" + std::to_string(kLeft) + "\" y=\"" +
       num(kTop + rows * cell + 18) +
       "\">darker = busier (0-100% of the run); hover a cell for the link</text>";
  return o + close_figure(std::to_string(labels.size()) + " links");
}

std::string svg_gantt(const std::string& id, const std::string& title,
                      const std::vector<GanttBar>& bars,
                      const std::vector<std::string>& series_names) {
  std::vector<std::string> rows;
  double tmax = 0;
  for (const auto& b : bars) {
    if (std::find(rows.begin(), rows.end(), b.row) == rows.end()) rows.push_back(b.row);
    tmax = std::max(tmax, b.end);
  }
  if (tmax <= 0) tmax = 1;
  const int row_h = 18, h = kTop + row_h * static_cast<int>(rows.size()) + 60;
  std::string o = open_figure(id, title, kW, h);
  const int x0 = 150, x1 = kW - kRight;
  auto X = [&](double t) { return x0 + t / tmax * (x1 - x0); };
  for (size_t r = 0; r < rows.size(); ++r)
    o += "<text class=\"tick\" x=\"" + std::to_string(x0 - 6) + "\" y=\"" +
         std::to_string(kTop + row_h * static_cast<int>(r) + 13) + "\" text-anchor=\"end\">" +
         html_escape(rows[r]) + "</text>";
  for (const auto& b : bars) {
    const size_t r = static_cast<size_t>(std::find(rows.begin(), rows.end(), b.row) - rows.begin());
    o +=
        "<rect class=\"mark s" + std::to_string(b.series % 6) + "\" x=\"" + num(X(b.start)) +
        "\" y=\"" + std::to_string(kTop + row_h * static_cast<int>(r) + 2) + "\" width=\"" +
        num(std::max(0.8, X(b.end) - X(b.start))) + "\" height=\"" + std::to_string(row_h - 4) +
        "\"><title>" +
        html_escape(b.label + " (" + short_seconds(b.start) + " to " + short_seconds(b.end) + ")") +
        "</title></rect>";
  }
  const int ya = kTop + row_h * static_cast<int>(rows.size()) + 4;
  o += "<line class=\"axis\" x1=\"" + std::to_string(x0) + "\" y1=\"" + std::to_string(ya) +
       "\" x2=\"" + std::to_string(x1) + "\" y2=\"" + std::to_string(ya) + "\"/>";
  for (int i = 0; i <= 4; ++i)
    o += "<text class=\"tick\" x=\"" + num(X(tmax * i / 4)) + "\" y=\"" + std::to_string(ya + 16) +
         "\" text-anchor=\"middle\">" + short_seconds(tmax * i / 4) + "</text>";
  int x = x0;
  for (size_t i = 0; i < series_names.size(); ++i) {
    o += "<rect class=\"s" + std::to_string(i % 6) + "\" x=\"" + std::to_string(x) + "\" y=\"" +
         std::to_string(ya + 28) + "\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"" +
         std::to_string(x + 14) + "\" y=\"" + std::to_string(ya + 37) + "\">" +
         html_escape(series_names[i]) + "</text>";
    x += 24 + static_cast<int>(series_names[i].size()) * 7;
  }
  return o + close_figure("");
}

namespace {

// A linear or log axis over [lo, hi] mapped to pixels [p0, p1].
struct Axis {
  double lo, hi, p0, p1;
  bool log;
  Axis(double a, double b, double q0, double q1)
      : lo(a), hi(b), p0(q0), p1(q1), log(a > 0 && b / a > 10) {
    if (log) {
      lo = std::pow(10, std::floor(std::log10(lo)));
      hi = std::pow(10, std::ceil(std::log10(hi)));
    } else {
      const double pad = (hi - lo) * 0.05 + (hi == lo ? std::fabs(hi) * 0.1 + 1e-30 : 0);
      lo -= pad;
      hi += pad;
    }
  }
  double operator()(double v) const {
    const double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                         : (v - lo) / (hi - lo);
    return p0 + t * (p1 - p0);
  }
  std::vector<double> ticks() const {
    std::vector<double> t;
    if (log)
      for (double d = lo; d <= hi * 1.001; d *= 10) t.push_back(d);
    else
      for (int i = 0; i <= 4; ++i) t.push_back(lo + (hi - lo) * i / 4);
    return t;
  }
};

}  // namespace

std::string svg_pareto(const std::string& id, const std::string& title,
                       const std::vector<FrontPoint>& points, const std::string& x_label,
                       const std::string& y_label) {
  std::string o = open_figure(id, title, kW, kH);
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (const auto& p : points) {
    xmin = std::min(xmin, p.x);
    xmax = std::max(xmax, p.x);
    ymin = std::min(ymin, p.y);
    ymax = std::max(ymax, p.y);
  }
  if (points.empty()) xmin = ymin = 0, xmax = ymax = 1;
  const double x0 = kLeft, x1 = kW - kRight, y0 = kH - kBottom, y1 = kTop;
  const Axis X(xmin, xmax, x0, x1), Y(ymin, ymax, y0, y1);
  o += "<line class=\"axis\" x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x1) +
       "\" y2=\"" + num(y0) + "\"/>";
  o += "<line class=\"axis\" x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x0) +
       "\" y2=\"" + num(y1) + "\"/>";
  for (double d : X.ticks())
    o += "<text class=\"tick\" x=\"" + num(X(d)) + "\" y=\"" + num(y0 + 16) +
         "\" text-anchor=\"middle\">" + short_number(d) + "</text>";
  for (double d : Y.ticks()) {
    o += "<line class=\"grid\" x1=\"" + num(x0) + "\" y1=\"" + num(Y(d)) + "\" x2=\"" + num(x1) +
         "\" y2=\"" + num(Y(d)) + "\"/>";
    o += "<text class=\"tick\" x=\"" + num(x0 - 6) + "\" y=\"" + num(Y(d) + 4) +
         "\" text-anchor=\"end\">" + short_number(d) + "</text>";
  }
  o += "<text class=\"label\" x=\"" + num((x0 + x1) / 2) + "\" y=\"" + num(y0 + 34) +
       "\" text-anchor=\"middle\">" + html_escape(x_label + (X.log ? " (log)" : "")) + "</text>";
  o += "<text class=\"label\" transform=\"translate(14," + num((y0 + y1) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + html_escape(y_label + (Y.log ? " (log)" : "")) +
       "</text>";
  // The front as a line in x order, drawn under the points.
  std::vector<const FrontPoint*> front;
  for (const auto& p : points)
    if (p.on_front) front.push_back(&p);
  std::sort(front.begin(), front.end(), [](const FrontPoint* a, const FrontPoint* b) {
    return a->x < b->x || (a->x == b->x && a->y < b->y);
  });
  if (front.size() > 1) {
    std::string pts;
    for (const auto* p : front) pts += num(X(p->x)) + "," + num(Y(p->y)) + " ";
    o += "<polyline class=\"front\" points=\"" + pts + "\"/>";
  }
  for (int pass = 0; pass < 2; ++pass)  // dominated points first, front points on top
    for (const auto& p : points) {
      if (p.on_front != (pass == 1)) continue;
      o += std::string("<circle class=\"mark ") + (p.on_front ? "s2 point" : "dominated") +
           "\" cx=\"" + num(X(p.x)) + "\" cy=\"" + num(Y(p.y)) + "\" r=\"" +
           (p.on_front ? "4.5" : "3") + "\"><title>" +
           html_escape(p.label + ": " + short_number(p.x) + ", " + short_number(p.y) +
                       (p.on_front ? " (on the front)" : "")) +
           "</title></circle>";
    }
  return o + close_figure(std::to_string(front.size()) + " of " + std::to_string(points.size()) +
                          " points on the front (red); hover a point for its design.");
}

}  // namespace tessera
