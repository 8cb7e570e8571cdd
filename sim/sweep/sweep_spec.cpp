#include "sim/sweep/sweep_spec.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "models/config/schema.h"
#include "models/config/units.h"
#include "sim/sweep/point_metrics.h"

namespace tessera {

namespace {

namespace fs = std::filesystem;

std::string relative_to(const std::string& sweep_file, const std::string& p) {
  if (p.empty() || p[0] == '@' || fs::path(p).is_absolute()) return p;
  // Embedded sweep files name embedded runs the same way.
  if (!sweep_file.empty() && sweep_file[0] == '@') {
    fs::path base = fs::path(sweep_file.substr(1)).parent_path() / p;
    return "@" + base.lexically_normal().string();
  }
  return (fs::path(sweep_file).parent_path() / p).lexically_normal().string();
}

void only_keys(const ConfigNode& n, const std::string& path, const std::set<std::string>& allowed) {
  if (!n.is_map()) fail_at(n, path, "expected a map");
  for (const auto& [k, v] : n.entries())
    if (!allowed.count(k)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail_key(n, path, k, "unknown key (expected one of: " + list + ")");
    }
}

const ConfigNode& seq_at(const ConfigNode& n, const std::string& path) {
  if (!n.is_seq()) fail_at(n, path, "expected a list");
  return n;
}

std::string value_text(const ConfigNode& n, const std::string& path) {
  if (n.is_null()) fail_at(n, path, "missing value");
  return flow_yaml(n);
}

std::vector<std::string> value_list(const ConfigNode& n, const std::string& path,
                                    const char* what) {
  if (!n.is_seq()) fail_at(n, path, std::string("expected a list of values for the ") + what);
  if (n.items().empty())
    fail_at(n, path, std::string("empty list: an axis needs at least one value (") + what + ")");
  std::vector<std::string> out;
  for (size_t i = 0; i < n.items().size(); ++i)
    out.push_back(value_text(n.items()[i], path + "." + std::to_string(i)));
  return out;
}

// A random range: numbers, or sizes for pow2.
std::pair<double, double> range_of(const ConfigNode& n, const std::string& path, bool allow_bytes,
                                   bool* bytes) {
  if (!n.is_seq() || n.items().size() != 2) fail_at(n, path, "expected [low, high]");
  double v[2];
  *bytes = false;
  for (int i = 0; i < 2; ++i) {
    const std::string& s = require_scalar(n.items()[i], path);
    char* end = nullptr;
    v[i] = std::strtod(s.c_str(), &end);
    if (end && *end == '\0') continue;
    std::string err;
    auto b = allow_bytes ? parse_bytes(s, &err) : std::nullopt;
    if (!b)
      fail_at(n.items()[i], path,
              "'" + s + "' is not a number" + (allow_bytes ? " or a size" : ""));
    v[i] = static_cast<double>(*b);
    *bytes = true;
  }
  if (!(v[0] <= v[1])) fail_at(n, path, "low must not exceed high");
  return {v[0], v[1]};
}

RandomKey random_key(const ConfigNode& n, const std::string& path) {
  only_keys(n, path, {"choice", "uniform", "log_uniform", "int", "pow2"});
  if (n.entries().size() != 1)
    fail_at(n, path, "give exactly one of choice, uniform, log_uniform, int, pow2");
  const auto& [kind, v] = n.entries()[0];
  const std::string p = join_key(path, kind);
  RandomKey r;
  if (kind == "choice") {
    r.kind = RandomKey::Kind::Choice;
    r.choices = value_list(v, p, "choice");
    return r;
  }
  bool bytes = false;
  auto [lo, hi] = range_of(v, p, kind == "pow2", &bytes);
  r.lo = lo;
  r.hi = hi;
  r.bytes = bytes;
  if (kind == "uniform")
    r.kind = RandomKey::Kind::Uniform;
  else if (kind == "log_uniform") {
    r.kind = RandomKey::Kind::LogUniform;
    if (lo <= 0) fail_at(v, p, "log_uniform needs a positive range");
  } else if (kind == "int") {
    r.kind = RandomKey::Kind::Int;
    if (lo != std::floor(lo) || hi != std::floor(hi)) fail_at(v, p, "int needs whole bounds");
  } else {
    r.kind = RandomKey::Kind::Pow2;
    if (lo <= 0 || std::exp2(std::floor(std::log2(hi))) < lo)
      fail_at(v, p, "pow2 needs a range containing a power of two");
  }
  return r;
}

AxisBlock parse_block(const ConfigNode& item, const std::string& path) {
  only_keys(item, path, {"grid", "zip", "list", "random"});
  if (item.entries().size() != 1)
    fail_at(item, path, "an axis block is one of grid, zip, list or random");
  const auto& [kind, body] = item.entries()[0];
  const std::string p = join_key(path, kind);
  AxisBlock b;
  b.loc = item.loc();
  if (kind == "grid" || kind == "zip") {
    b.kind = kind == "grid" ? AxisBlock::Kind::Grid : AxisBlock::Kind::Zip;
    if (!body.is_map()) fail_at(body, p, "expected a map of key path: [values]");
    if (body.entries().empty())
      fail_at(body, p, "empty " + kind + ": give at least one key with values");
    for (const auto& [k, v] : body.entries()) {
      b.keys.push_back(k);
      b.values.push_back(value_list(v, join_key(p, k), kind.c_str()));
      if (b.kind == AxisBlock::Kind::Zip && b.values.back().size() != b.values.front().size())
        fail_key(body, p, k,
                 "zip lists must have equal lengths (" + std::to_string(b.values.back().size()) +
                     " vs " + std::to_string(b.values.front().size()) + ")");
    }
  } else if (kind == "list") {
    b.kind = AxisBlock::Kind::List;
    seq_at(body, p);
    if (body.items().empty()) fail_at(body, p, "empty list: give at least one point");
    std::vector<std::vector<std::pair<std::string, std::string>>> pts;
    for (size_t i = 0; i < body.items().size(); ++i) {
      const ConfigNode& pt = body.items()[i];
      const std::string pp = p + "." + std::to_string(i);
      if (!pt.is_map() || pt.entries().empty())
        fail_at(pt, pp, "expected a map of key path: value");
      std::vector<std::pair<std::string, std::string>> one;
      for (const auto& [k, v] : pt.entries()) {
        one.push_back({k, value_text(v, join_key(pp, k))});
        if (std::find(b.keys.begin(), b.keys.end(), k) == b.keys.end()) b.keys.push_back(k);
      }
      pts.push_back(one);
    }
    for (const auto& one : pts) {
      std::vector<std::string> row(b.keys.size());
      for (const auto& [k, v] : one)
        row[static_cast<size_t>(std::find(b.keys.begin(), b.keys.end(), k) - b.keys.begin())] = v;
      b.values.push_back(row);
    }
  } else {
    b.kind = AxisBlock::Kind::Random;
    only_keys(body, p, {"samples", "seed", "keys"});
    const ConfigNode* s = body.find("samples");
    if (!s) fail_at(body, join_key(p, "samples"), "required");
    b.samples = static_cast<uint64_t>(parse_int_value(*s, join_key(p, "samples"), 1, 1000000));
    if (const ConfigNode* seed = body.find("seed"))
      b.seed = static_cast<uint64_t>(parse_int_value(*seed, join_key(p, "seed"), 0, INT64_MAX));
    const ConfigNode* keys = body.find("keys");
    if (!keys || !keys->is_map() || keys->entries().empty())
      fail_at(keys ? *keys : body, join_key(p, "keys"), "expected a map of key path: distribution");
    for (const auto& [k, v] : keys->entries()) {
      b.keys.push_back(k);
      b.random.push_back(random_key(v, join_key(join_key(p, "keys"), k)));
    }
  }
  return b;
}

NamedExpression expression_at(const ConfigNode& n, const std::string& path,
                              const std::string& name) {
  const std::string& text = require_scalar(n, path);
  try {
    return NamedExpression{name, Expression(text), n.loc()};
  } catch (const ExprError& e) {
    fail_at(n, path, e.what());
  }
}

// Whether `key` can be set on the base run: present in its resolved tree (defaults included),
// or accepted by the schema when set (optional keys without a default).
bool base_has_key(const RunInputs& base, const ConfigNode& resolved, const std::string& key,
                  const std::string& value) {
  if (find_path(resolved, key)) return true;
  RunInputs in = base;
  in.sets.push_back(key + "=" + value);
  try {
    load_run(in);
    return true;
  } catch (const ConfigError&) {
    return false;
  }
}

}  // namespace

// A scalar as YAML that reads back as the same scalar: plain when it has nothing YAML would
// read as structure, else double-quoted ("x: y" stays text, not a map).
std::string scalar_yaml(const std::string& v) {
  bool plain = !v.empty() && v.front() != ' ' && v.back() != ' ' && v.back() != ':' &&
               std::string("-?:,[]{}#&*!|>'\"%@`").find(v.front()) == std::string::npos &&
               v.find(": ") == std::string::npos && v.find(" #") == std::string::npos &&
               v.find_first_of(",[]{}") == std::string::npos;  // flow lists split on these
  for (unsigned char c : v) plain = plain && c >= 0x20 && c != 0x7f;
  // A negative number is plain YAML too.
  if (!plain && v.size() > 1 && v[0] == '-' &&
      v.find_first_not_of("0123456789.eE+-", 1) == std::string::npos)
    plain = true;
  if (plain) return v;
  std::string q = "\"";
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += static_cast<char>(c);
    } else if (c < 0x20) {
      static const char* const hex = "0123456789abcdef";
      q += "\\x";
      q += hex[c >> 4];
      q += hex[c & 15];
    } else {
      q += static_cast<char>(c);
    }
  }
  return q + "\"";
}

std::string flow_yaml(const ConfigNode& n) {
  if (n.is_scalar()) return scalar_yaml(n.value());
  if (n.is_null()) return "null";
  std::string s;
  if (n.is_seq()) {
    for (const auto& i : n.items()) s += (s.empty() ? "" : ", ") + flow_yaml(i);
    return "[" + s + "]";
  }
  for (const auto& [k, v] : n.entries()) s += (s.empty() ? "" : ", ") + k + ": " + flow_yaml(v);
  return "{" + s + "}";
}

bool is_plain_name(const std::string& s) {
  if (s.empty() || s.size() > 100 || s[0] == '.' || s[0] == '-') return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  return true;
}

SweepSpec load_sweep(const std::string& path) {
  ConfigNode root = load_config_file(path);
  only_keys(root, "", {"sweep"});
  const ConfigNode* sw = root.find("sweep");
  if (!sw) fail_at(root, "sweep", "missing the sweep: section");
  const std::string P = "sweep";
  only_keys(*sw, P,
            {"name", "doc", "base", "hw", "set", "axes", "constraints", "derived", "fronts",
             "timeout", "max_points"});
  SweepSpec s;
  s.file = path;
  s.text = to_yaml(root);
  s.name = fs::path(path[0] == '@' ? path.substr(1) : path).stem().string();
  if (const ConfigNode* n = sw->find("name")) {
    s.name = require_scalar(*n, join_key(P, "name"));
    if (!is_plain_name(s.name))
      fail_at(
          *n, join_key(P, "name"),
          "'" + printable(s.name) +
              "' is not a plain name (letters, digits, '_', '-', '.'; it names the output folder)");
  } else if (!is_plain_name(s.name)) {
    fail_at(*sw, join_key(P, "name"),
            "the file name '" + printable(s.name) +
                "' is not a plain name (letters, digits, '_', '-', '.'): set sweep.name");
  }
  if (const ConfigNode* n = sw->find("base"))
    s.base.run_file = relative_to(path, require_scalar(*n, join_key(P, "base")));
  if (const ConfigNode* n = sw->find("hw"))
    s.base.hw_file = relative_to(path, require_scalar(*n, join_key(P, "hw")));
  if (const ConfigNode* n = sw->find("set")) {
    if (!n->is_map()) fail_at(*n, join_key(P, "set"), "expected a map of key path: value");
    for (const auto& [k, v] : n->entries())
      s.base.sets.push_back(k + "=" + value_text(v, join_key(join_key(P, "set"), k)));
  }
  if (const ConfigNode* n = sw->find("timeout")) {
    std::string err;
    auto t = parse_quantity(require_scalar(*n, join_key(P, "timeout")), Quantity::Time, &err);
    if (!t || *t <= 0)
      fail_at(*n, join_key(P, "timeout"),
              "expected a positive time such as 600s" + (err.empty() ? "" : " (" + err + ")"));
    s.timeout_s = *t;
  }
  const ConfigNode* axes = sw->find("axes");
  if (!axes) fail_at(*sw, join_key(P, "axes"), "required: at least one axis block");
  seq_at(*axes, join_key(P, "axes"));
  if (axes->items().empty()) fail_at(*axes, join_key(P, "axes"), "empty: at least one axis block");
  for (size_t i = 0; i < axes->items().size(); ++i)
    s.blocks.push_back(
        parse_block(axes->items()[i], join_key(P, "axes") + "." + std::to_string(i)));

  // Count the points before anything expands them: a 10^9-point grid is refused in microseconds,
  // not after gigabytes of plans.
  if (const ConfigNode* n = sw->find("max_points")) {
    const std::string t = require_scalar(*n, join_key(P, "max_points"));
    char* end = nullptr;
    const unsigned long long v = std::strtoull(t.c_str(), &end, 10);
    if (t.empty() || *end != '\0' || t[0] == '-' || v < 1 || v > 100000000ull)
      fail_at(*n, join_key(P, "max_points"), "expected a whole number from 1 to 100000000");
    s.max_points = v;
  }
  uint64_t points = 1;
  for (const AxisBlock& b : s.blocks) {
    uint64_t n = 1;
    if (b.kind == AxisBlock::Kind::Grid) {
      for (const auto& values : b.values)
        n = values.size() && n > UINT64_MAX / values.size() ? UINT64_MAX : n * values.size();
    } else if (b.kind == AxisBlock::Kind::Zip) {
      n = b.values.empty() ? 0 : b.values[0].size();
    } else if (b.kind == AxisBlock::Kind::List) {
      n = b.values.size();
    } else {
      n = b.samples;
    }
    points = n && points > UINT64_MAX / n ? UINT64_MAX : points * n;
  }
  if (points > s.max_points)
    fail_at(*axes, join_key(P, "axes"),
            "the axes expand to " +
                (points == UINT64_MAX ? std::string("more than 2^64") : std::to_string(points)) +
                " points, more than sweep.max_points (" + std::to_string(s.max_points) +
                "); split the sweep or raise sweep.max_points");

  // The base run must load, and every axis key must exist in it (once across all blocks).
  LoadedRun base;
  try {
    base = load_run(s.base);
  } catch (const ConfigError& e) {
    throw ConfigError(sw->loc(), "sweep.base",
                      std::string("the base run does not load: ") + e.what());
  }
  std::set<std::string> swept;
  for (size_t i = 0; i < s.blocks.size(); ++i) {
    const AxisBlock& b = s.blocks[i];
    const ConfigNode& item = axes->items()[i];
    const ConfigNode& body = item.entries()[0].second;
    for (size_t k = 0; k < b.keys.size(); ++k) {
      const std::string& key = b.keys[k];
      const ConfigNode& at = body.is_map() && body.find(key) ? key_node(body, key) : item;
      if (!swept.insert(key).second) fail_at(at, key, "swept by two axis blocks");
      std::string sample;
      if (b.kind == AxisBlock::Kind::Random)
        sample = b.random[k].choices.empty() ? "1" : b.random[k].choices[0];
      else if (b.kind == AxisBlock::Kind::List) {
        for (const auto& row : b.values)
          if (!row[k].empty()) sample = row[k];
      } else
        sample = b.values[k][0];
      if (!base_has_key(s.base, base.resolved, key, sample))
        fail_at(at, key, "not a config key of the base run (see `tessera describe`)");
    }
  }

  // Names in expressions: config keys of the base run, result metrics, derived columns.
  auto known = [&](const std::string& name, const std::set<std::string>& derived) {
    return is_sweep_metric(name) || derived.count(name) || swept.count(name) ||
           find_path(base.resolved, name) != nullptr;
  };
  std::set<std::string> derived_names;
  if (const ConfigNode* n = sw->find("derived")) {
    if (!n->is_map()) fail_at(*n, join_key(P, "derived"), "expected a map of column: expression");
    for (const auto& [k, v] : n->entries()) {
      const std::string p = join_key(join_key(P, "derived"), k);
      if (is_sweep_metric(k) || derived_names.count(k))
        fail_key(*n, join_key(P, "derived"), k, "column name already used");
      if (!is_plain_name(k) || k.find('.') != std::string::npos || k.find('-') != std::string::npos)
        fail_key(*n, join_key(P, "derived"), k,
                 "a column name is letters, digits and '_' (it names files and chart labels)");
      s.derived.push_back(expression_at(v, p, k));
      for (const auto& name : s.derived.back().expr.names())
        if (!known(name, derived_names))
          fail_at(v, p,
                  "unknown name '" + name +
                      "' (not a result metric, earlier derived column or config key)");
      derived_names.insert(k);
    }
  }
  if (const ConfigNode* n = sw->find("constraints")) {
    seq_at(*n, join_key(P, "constraints"));
    for (size_t i = 0; i < n->items().size(); ++i) {
      const std::string p = join_key(P, "constraints") + "." + std::to_string(i);
      s.constraints.push_back(expression_at(n->items()[i], p, ""));
      for (const auto& name : s.constraints.back().expr.names())
        if (!known(name, derived_names))
          fail_at(
              n->items()[i], p,
              "unknown name '" + name + "' (not a result metric, derived column or config key)");
    }
  }
  if (const ConfigNode* n = sw->find("fronts")) {
    seq_at(*n, join_key(P, "fronts"));
    for (size_t i = 0; i < n->items().size(); ++i) {
      const std::string p = join_key(P, "fronts") + "." + std::to_string(i);
      std::vector<Objective> objs;
      try {
        objs = parse_objectives(require_scalar(n->items()[i], p));
      } catch (const std::invalid_argument& e) {
        fail_at(n->items()[i], p, e.what());
      }
      for (const auto& o : objs)
        if ((!is_sweep_metric(o.metric) || o.metric == "bound") && !derived_names.count(o.metric))
          fail_at(n->items()[i], p,
                  "'" + o.metric + "' is not a numeric result metric or derived column");
      s.fronts.push_back(objs);
    }
  } else {
    s.fronts.push_back(parse_objectives("latency_s:min,energy_j:min"));
    s.fronts.push_back(parse_objectives("throughput_per_s:max,area_mm2:min"));
  }
  return s;
}

}  // namespace tessera
