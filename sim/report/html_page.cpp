#include "sim/report/html_page.h"

#include "sim/report/svg_chart.h"

namespace tessera {

namespace {

// One stylesheet for both themes: SVG shapes take their colours from these classes.
const char* kStyle = R"(
:root { color-scheme: light dark; --fg: #1d2330; --bg: #ffffff; --muted: #6b7280; --grid: #e5e7eb;
  --s0: #2563eb; --s1: #f59e0b; --s2: #dc2626; --s3: #9ca3af; --s4: #10b981; --s5: #8b5cf6; --heat: #dc2626; }
@media (prefers-color-scheme: dark) { :root { --fg: #e5e7eb; --bg: #111827; --muted: #9ca3af; --grid: #374151;
  --s0: #60a5fa; --s1: #fbbf24; --s2: #f87171; --s3: #6b7280; --s4: #34d399; --s5: #a78bfa; --heat: #f87171; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 24px auto; max-width: 860px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; }
.sub { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; } td, th { padding: 4px 8px; border-bottom: 1px solid var(--grid); text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { margin: 12px 0 20px; } figure.chart svg { width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; }
svg text { fill: var(--fg); font: 11px system-ui, sans-serif; } svg text.title { font-size: 13px; font-weight: 600; }
svg text.label { fill: var(--muted); } svg .axis { stroke: var(--fg); stroke-width: 1; } svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .s0 { fill: var(--s0); } svg .s1 { fill: var(--s1); } svg .s2 { fill: var(--s2); } svg .s3 { fill: var(--s3); }
svg .s4 { fill: var(--s4); } svg .s5 { fill: var(--s5); } svg .heat { fill: var(--heat); }
svg .roof { fill: none; stroke: var(--s2); stroke-width: 2; } svg .series { fill: none; stroke: var(--s0); stroke-width: 1.5; }
svg .cap { stroke: var(--s2); stroke-width: 1.5; stroke-dasharray: 6 4; } svg .point { fill-opacity: 0.75; }
svg .front { fill: none; stroke: var(--s2); stroke-width: 1.5; } svg .dominated { fill: var(--s3); fill-opacity: 0.6; }
tr.front td { font-weight: 600; }
)";

}  // namespace

std::string html_page_start(const std::string& title, const std::string& subtitle) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         html_escape(title) + "</title><style>" + kStyle + "</style></head><body>\n<h1>" +
         html_escape(title) + "</h1><p class=\"sub\">" + html_escape(subtitle) + "</p>\n";
}

}  // namespace tessera
