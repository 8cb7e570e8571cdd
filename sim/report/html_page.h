// The page around Tessera's HTML outputs (run report, sweep report): one stylesheet that follows
// the browser's light or dark theme and colours the inline SVG charts through CSS classes.
#pragma once

#include <string>

namespace tessera {

// <!DOCTYPE html> ... <body><h1>title</h1><p class="sub">subtitle</p>; close with html_page_end().
std::string html_page_start(const std::string& title, const std::string& subtitle);
inline std::string html_page_end() {
  return "</body></html>\n";
}

}  // namespace tessera
