#include "sim/report/format.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace tessera {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string grouped(uint64_t v) {
  std::string s = std::to_string(v), out;
  int n = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    if (n && n % 3 == 0) out += ',';
    out += *it;
    ++n;
  }
  return std::string(out.rbegin(), out.rend());
}

std::string si(double v, const char* unit) {
  const char* prefixes[] = {"", "k", "M", "G", "T", "P"};
  int i = 0;
  while (std::abs(v) >= 1000 && i < 5) {
    v /= 1000;
    ++i;
  }
  return fmt("%.3g ", v) + prefixes[i] + unit;
}

std::string seconds(double s) {
  if (s >= 1) return fmt("%.3f s", s);
  if (s >= 1e-3) return fmt("%.3f ms", s * 1e3);
  if (s >= 1e-6) return fmt("%.3f us", s * 1e6);
  return fmt("%.1f ns", s * 1e9);
}

std::string joules(double j) {
  if (j >= 1) return fmt("%.3f J", j);
  if (j >= 1e-3) return fmt("%.3f mJ", j * 1e3);
  if (j >= 1e-6) return fmt("%.3f uJ", j * 1e6);
  return fmt("%.3f nJ", j * 1e9);
}

}  // namespace tessera
