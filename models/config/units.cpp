#include "models/config/units.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace tessera {
namespace {

struct UnitWord {
  const char* word;
  double scale;  // multiply the number by this to reach the base unit
};

// Decimal prefixes follow SI (k = 1e3); binary prefixes follow IEC (Ki = 1024).
const UnitWord kFrequency[] = {{"Hz", 1}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}, {"THz", 1e12}};
const UnitWord kBytes[] = {{"B", 1},
                           {"KB", 1e3},
                           {"kB", 1e3},
                           {"MB", 1e6},
                           {"GB", 1e9},
                           {"TB", 1e12},
                           {"KiB", 1024.0},
                           {"MiB", 1048576.0},
                           {"GiB", 1073741824.0},
                           {"TiB", 1099511627776.0}};
const UnitWord kBandwidth[] = {{"B/s", 1},
                               {"KB/s", 1e3},
                               {"kB/s", 1e3},
                               {"MB/s", 1e6},
                               {"GB/s", 1e9},
                               {"TB/s", 1e12},
                               {"KiB/s", 1024.0},
                               {"MiB/s", 1048576.0},
                               {"GiB/s", 1073741824.0},
                               {"TiB/s", 1099511627776.0},
                               // Bits per second, as link and SerDes datasheets quote them.
                               {"bps", 1.0 / 8},
                               {"Kbps", 1e3 / 8},
                               {"Mbps", 1e6 / 8},
                               {"Gbps", 1e9 / 8},
                               {"Tbps", 1e12 / 8},
                               {"b/s", 1.0 / 8},
                               {"Kb/s", 1e3 / 8},
                               {"Mb/s", 1e6 / 8},
                               {"Gb/s", 1e9 / 8},
                               {"Tb/s", 1e12 / 8}};
const UnitWord kTime[] = {{"s", 1},     {"ms", 1e-3},  {"us", 1e-6},
                          {"ns", 1e-9}, {"ps", 1e-12}, {"fs", 1e-15}};
const UnitWord kPower[] = {{"W", 1}, {"kW", 1e3}, {"mW", 1e-3}, {"uW", 1e-6}, {"nW", 1e-9}};
const UnitWord kEnergy[] = {{"J", 1},     {"mJ", 1e-3},  {"uJ", 1e-6},
                            {"nJ", 1e-9}, {"pJ", 1e-12}, {"fJ", 1e-15}};
const UnitWord kArea[] = {{"mm2", 1}, {"um2", 1e-6}, {"cm2", 100}};
const UnitWord kVoltage[] = {{"V", 1}, {"mV", 1e-3}};

template <size_t N>
const UnitWord* find_unit(const UnitWord (&table)[N], const std::string& word) {
  for (const UnitWord& u : table)
    if (word == u.word) return &u;
  return nullptr;
}

const UnitWord* lookup(Quantity q, const std::string& word) {
  switch (q) {
    case Quantity::Frequency:
      return find_unit(kFrequency, word);
    case Quantity::Bytes:
      return find_unit(kBytes, word);
    case Quantity::Bandwidth:
      return find_unit(kBandwidth, word);
    case Quantity::Time:
      return find_unit(kTime, word);
    case Quantity::Power:
      return find_unit(kPower, word);
    case Quantity::Energy:
      return find_unit(kEnergy, word);
    case Quantity::Area:
      return find_unit(kArea, word);
    case Quantity::Voltage:
      return find_unit(kVoltage, word);
  }
  return nullptr;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

const char* quantity_name(Quantity q) {
  switch (q) {
    case Quantity::Frequency:
      return "frequency";
    case Quantity::Bytes:
      return "size";
    case Quantity::Bandwidth:
      return "bandwidth";
    case Quantity::Time:
      return "time";
    case Quantity::Power:
      return "power";
    case Quantity::Energy:
      return "energy";
    case Quantity::Area:
      return "area";
    case Quantity::Voltage:
      return "voltage";
  }
  return "quantity";
}

const char* quantity_example(Quantity q) {
  switch (q) {
    case Quantity::Frequency:
      return "1.4GHz";
    case Quantity::Bytes:
      return "64KiB";
    case Quantity::Bandwidth:
      return "25.6GB/s";
    case Quantity::Time:
      return "100ns";
    case Quantity::Power:
      return "2W";
    case Quantity::Energy:
      return "0.2pJ";
    case Quantity::Area:
      return "1.5mm2";
    case Quantity::Voltage:
      return "0.8V";
  }
  return "";
}

std::optional<double> parse_quantity(const std::string& raw, Quantity q, std::string* error) {
  std::string text = trim(raw);
  if (text.empty()) {
    *error = "empty value";
    return std::nullopt;
  }
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  double number = std::strtod(begin, &end);
  if (end == begin) {
    *error = std::string("expected a ") + quantity_name(q) + " such as " + quantity_example(q);
    return std::nullopt;
  }
  if (errno == ERANGE || !std::isfinite(number)) {
    *error = "number out of range";
    return std::nullopt;
  }
  // strtod accepts "inf"/"nan"/hex; a config value must be a plain decimal number.
  for (const char* p = begin; p < end; ++p) {
    if (!(std::isdigit(static_cast<unsigned char>(*p)) || *p == '.' || *p == '-' || *p == '+' ||
          *p == 'e' || *p == 'E')) {
      *error = std::string("expected a ") + quantity_name(q) + " such as " + quantity_example(q);
      return std::nullopt;
    }
  }
  std::string unit = trim(std::string(end));
  if (unit.empty()) {
    *error = std::string("missing unit: expected a ") + quantity_name(q) + " such as " +
             quantity_example(q);
    return std::nullopt;
  }
  const UnitWord* u = lookup(q, unit);
  if (!u) {
    *error = "unknown unit '" + unit + "' for a " + quantity_name(q) + " (e.g. " +
             quantity_example(q) + ")";
    return std::nullopt;
  }
  double value = number * u->scale;
  if (!std::isfinite(value)) {
    *error = "value out of range";
    return std::nullopt;
  }
  return value;
}

std::optional<uint64_t> parse_bytes(const std::string& text, std::string* error) {
  auto v = parse_quantity(text, Quantity::Bytes, error);
  if (!v) return std::nullopt;
  if (*v < 0) {
    *error = "a size cannot be negative";
    return std::nullopt;
  }
  if (*v > 1.8e19) {
    *error = "size out of range";
    return std::nullopt;
  }
  double rounded = std::round(*v);
  if (std::fabs(rounded - *v) > 1e-6 * std::max(1.0, *v)) {
    *error = "a size must be a whole number of bytes";
    return std::nullopt;
  }
  return static_cast<uint64_t>(rounded);
}

std::string format_quantity(double value, Quantity q) {
  struct Choice {
    const char* word;
    double scale;
  };
  static const Choice freq[] = {{"GHz", 1e9}, {"MHz", 1e6}, {"kHz", 1e3}, {"Hz", 1}};
  static const Choice bytes[] = {
      {"GiB", 1073741824.0}, {"MiB", 1048576.0}, {"KiB", 1024.0}, {"B", 1}};
  static const Choice bw[] = {
      {"TB/s", 1e12}, {"GB/s", 1e9}, {"MB/s", 1e6}, {"KB/s", 1e3}, {"B/s", 1}};
  static const Choice time[] = {{"s", 1},     {"ms", 1e-3},  {"us", 1e-6},
                                {"ns", 1e-9}, {"ps", 1e-12}, {"fs", 1e-15}};
  static const Choice power[] = {{"kW", 1e3}, {"W", 1}, {"mW", 1e-3}, {"uW", 1e-6}};
  static const Choice energy[] = {{"J", 1},     {"mJ", 1e-3},  {"uJ", 1e-6},
                                  {"nJ", 1e-9}, {"pJ", 1e-12}, {"fJ", 1e-15}};
  static const Choice area[] = {{"mm2", 1}};
  static const Choice volt[] = {{"V", 1}};
  const Choice* table = nullptr;
  size_t n = 0;
  switch (q) {
    case Quantity::Frequency:
      table = freq;
      n = 4;
      break;
    case Quantity::Bytes:
      table = bytes;
      n = 4;
      break;
    case Quantity::Bandwidth:
      table = bw;
      n = 5;
      break;
    case Quantity::Time:
      table = time;
      n = 6;
      break;
    case Quantity::Power:
      table = power;
      n = 4;
      break;
    case Quantity::Energy:
      table = energy;
      n = 6;
      break;
    case Quantity::Area:
      table = area;
      n = 1;
      break;
    case Quantity::Voltage:
      table = volt;
      n = 1;
      break;
  }
  const Choice* pick = &table[n - 1];
  for (size_t i = 0; i < n; ++i) {
    if (std::fabs(value) >= table[i].scale) {
      pick = &table[i];
      break;
    }
  }
  if (q == Quantity::Bytes) {
    // Sizes print exactly: pick the largest binary unit that divides the value.
    for (size_t i = 0; i < n; ++i) {
      double scaled = value / table[i].scale;
      if (scaled >= 1 && std::floor(scaled) == scaled) {
        pick = &table[i];
        break;
      }
    }
  }
  std::ostringstream os;
  os << std::setprecision(12) << value / pick->scale << pick->word;
  return os.str();
}

}  // namespace tessera
