#include "models/config/schema.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>

namespace tessera {

const char* const kNoDefault = "(none)";
const char* const kFromStruct = "(struct)";

std::string format_real_default(double v) {
  std::ostringstream os;
  os << std::setprecision(17) << v;
  return os.str();
}

std::string join_key(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

const ConfigNode& key_node(const ConfigNode& n, const std::string& key) {
  const ConfigNode* c = n.is_map() ? n.find(key) : nullptr;
  return c ? *c : n;
}

void fail_key(const ConfigNode& n, const std::string& path, const std::string& key,
              const std::string& msg) {
  fail_at(key_node(n, key), join_key(path, key), msg);
}

void fail_at(const ConfigNode& n, const std::string& path, const std::string& msg) {
  throw ConfigError(n.loc(), path, msg);
}

const std::string& require_scalar(const ConfigNode& n, const std::string& path) {
  if (!n.is_scalar()) fail_at(n, path, "expected a single value, not a list or map");
  if (n.value().empty()) fail_at(n, path, "missing value");
  return n.value();
}

int64_t parse_int_value(const ConfigNode& n, const std::string& path, int64_t lo, int64_t hi) {
  const std::string& s = require_scalar(n, path);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str() || *end != '\0' || errno == ERANGE)
    fail_at(n, path, "expected a whole number, got '" + s + "'");
  if (v < lo || v > hi)
    fail_at(
        n, path,
        "value " + s + " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

double parse_real_value(const ConfigNode& n, const std::string& path, double lo, double hi) {
  const std::string& s = require_scalar(n, path);
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  // strtod also reads hex ("0x1p-1"), "inf" and "nan": a config number is plain decimal, as the
  // unit values are.
  const bool decimal = s.find_first_not_of("0123456789.+-eE") == std::string::npos;
  if (end == s.c_str() || *end != '\0' || errno == ERANGE || !std::isfinite(v) || !decimal)
    fail_at(n, path, "expected a number, got '" + s + "'");
  if (v < lo || v > hi) {
    std::ostringstream os;
    os << "value " << s << " out of range [" << lo << ", " << hi << "]";
    fail_at(n, path, os.str());
  }
  return v;
}

bool parse_bool_value(const ConfigNode& n, const std::string& path) {
  const std::string& s = require_scalar(n, path);
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  fail_at(n, path, "expected true or false, got '" + s + "'");
}

double parse_quantity_value(const ConfigNode& n, const std::string& path, Quantity q, double lo,
                            double hi, bool lo_inclusive) {
  const std::string& s = require_scalar(n, path);
  std::string err;
  auto v = parse_quantity(s, q, &err);
  if (!v) fail_at(n, path, "bad value '" + s + "': " + err);
  bool below = lo_inclusive ? *v < lo : *v <= lo;
  if (below || *v > hi) {
    std::string bound = lo_inclusive ? "at least " : "greater than ";
    if (below) fail_at(n, path, "value " + s + " must be " + bound + format_quantity(lo, q));
    fail_at(n, path, "value " + s + " must be at most " + format_quantity(hi, q));
  }
  return *v;
}

uint64_t parse_bytes_value(const ConfigNode& n, const std::string& path, uint64_t lo, uint64_t hi) {
  const std::string& s = require_scalar(n, path);
  std::string err;
  auto v = parse_bytes(s, &err);
  if (!v) fail_at(n, path, "bad value '" + s + "': " + err);
  if (*v < lo)
    fail_at(n, path, "value " + s + " must be at least " + format_quantity(lo, Quantity::Bytes));
  if (*v > hi)
    fail_at(n, path, "value " + s + " must be at most " + format_quantity(hi, Quantity::Bytes));
  return *v;
}

bool SchemaBase::has_key(const std::string& key) const {
  for (const auto& d : docs_)
    if (d.key == key) return true;
  return false;
}

void SchemaBase::describe(std::ostream& os, const std::string& prefix) const {
  if (prefix.empty()) os << name_ << ": " << doc_ << "\n";
  for (const FieldDoc& d : docs_) {
    std::string key = prefix + d.key;
    os << "  " << std::left << std::setw(36) << key << " " << d.type;
    if (!d.unit.empty()) os << " (" << d.unit << ")";
    if (d.default_text.empty()) {
      os << ", required";
    } else if (d.default_text != kNoDefault && !d.nested) {
      os << ", default " << d.default_text;
    } else if (d.default_text == kNoDefault) {
      os << ", optional";
    }
    os << "\n      " << d.doc << "\n";
    if (d.nested) {
      std::string sub = key + (d.type.rfind("list", 0) == 0 ? "[]." : ".");
      d.nested->describe(os, sub);
    }
  }
}

SchemaRegistry& SchemaRegistry::instance() {
  static SchemaRegistry r;
  return r;
}
void SchemaRegistry::add(const SchemaBase* s) {
  schemas_.push_back(s);
}
const SchemaBase* SchemaRegistry::find(const std::string& name) const {
  for (const SchemaBase* s : schemas_)
    if (s->name() == name) return s;
  return nullptr;
}
std::vector<const SchemaBase*> SchemaRegistry::all() const {
  return schemas_;
}

}  // namespace tessera
