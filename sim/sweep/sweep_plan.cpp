#include "sim/sweep/sweep_plan.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "sim/config/config_tree.h"
#include "sim/sweep/point_metrics.h"

namespace tessera {

namespace {

using Assignment = std::vector<std::pair<std::string, std::string>>;  // key, value text

// Uniform doubles in [0, 1) from a fixed generator, identical on every platform (the standard
// library's distributions are not).
struct Random {
  uint64_t state;
  explicit Random(uint64_t seed) : state(seed ^ 0x9E3779B97F4A7C15ull) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

std::string number_text(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

std::string bytes_text(double v) {
  const uint64_t n = static_cast<uint64_t>(v);
  const char* units[] = {"GiB", "MiB", "KiB"};
  const uint64_t sizes[] = {1ull << 30, 1ull << 20, 1ull << 10};
  for (int i = 0; i < 3; ++i)
    if (n >= sizes[i] && n % sizes[i] == 0) return std::to_string(n / sizes[i]) + units[i];
  return std::to_string(n) + "B";
}

std::string sample(const RandomKey& k, Random& r) {
  const double u = r.unit();
  switch (k.kind) {
    case RandomKey::Kind::Choice:
      return k.choices[std::min(k.choices.size() - 1,
                                static_cast<size_t>(u * static_cast<double>(k.choices.size())))];
    case RandomKey::Kind::Uniform:
      return number_text(k.lo + u * (k.hi - k.lo));
    case RandomKey::Kind::LogUniform:
      return number_text(std::exp(std::log(k.lo) + u * (std::log(k.hi) - std::log(k.lo))));
    case RandomKey::Kind::Int:
      return number_text(k.lo + std::floor(u * (k.hi - k.lo + 1)));
    case RandomKey::Kind::Pow2: {
      const double e0 = std::ceil(std::log2(k.lo)), e1 = std::floor(std::log2(k.hi));
      const double v = std::exp2(e0 + std::floor(u * (e1 - e0 + 1)));
      return k.bytes ? bytes_text(v) : number_text(v);
    }
  }
  return "";
}

std::vector<Assignment> expand_block(const AxisBlock& b) {
  std::vector<Assignment> out;
  switch (b.kind) {
    case AxisBlock::Kind::Grid: {
      out.push_back({});
      for (size_t k = 0; k < b.keys.size(); ++k) {
        std::vector<Assignment> next;
        for (const auto& partial : out)
          for (const auto& v : b.values[k]) {
            Assignment a = partial;
            a.push_back({b.keys[k], v});
            next.push_back(a);
          }
        out.swap(next);
      }
      break;
    }
    case AxisBlock::Kind::Zip:
      for (size_t i = 0; i < b.values[0].size(); ++i) {
        Assignment a;
        for (size_t k = 0; k < b.keys.size(); ++k) a.push_back({b.keys[k], b.values[k][i]});
        out.push_back(a);
      }
      break;
    case AxisBlock::Kind::List:
      for (const auto& row : b.values) {
        Assignment a;
        for (size_t k = 0; k < b.keys.size(); ++k)
          if (!row[k].empty()) a.push_back({b.keys[k], row[k]});
        out.push_back(a);
      }
      break;
    case AxisBlock::Kind::Random: {
      Random r(b.seed);
      for (uint64_t s = 0; s < b.samples; ++s) {
        Assignment a;
        for (size_t k = 0; k < b.keys.size(); ++k) a.push_back({b.keys[k], sample(b.random[k], r)});
        out.push_back(a);
      }
      break;
    }
  }
  return out;
}

}  // namespace

std::optional<ExprValue> config_value(const ConfigNode& resolved, const std::string& path) {
  const ConfigNode* n = find_path(resolved, path);
  if (!n || !n->is_scalar()) return std::nullopt;
  return value_from_scalar(n->value());
}

std::string hash_hex(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(h));
  return b;
}

SweepPlan plan_sweep(const SweepSpec& spec) {
  SweepPlan plan;
  // Blocks combine as a cartesian product, the first block outermost.
  std::vector<Assignment> points = {{}};
  for (const auto& b : spec.blocks) {
    for (const auto& k : b.keys) plan.columns.push_back(k);
    std::vector<Assignment> next;
    const auto block_points = expand_block(b);
    for (const auto& p : points)
      for (const auto& q : block_points) {
        Assignment a = p;
        a.insert(a.end(), q.begin(), q.end());
        next.push_back(a);
      }
    points.swap(next);
  }
  plan.expanded = points.size();

  // Constraints naming only config keys are checked now; the rest after the runs.
  std::set<std::string> derived;
  for (const auto& d : spec.derived) derived.insert(d.name);
  std::vector<size_t> config_constraints;
  for (size_t c = 0; c < spec.constraints.size(); ++c) {
    bool on_results = false;
    for (const auto& n : spec.constraints[c].expr.names())
      on_results = on_results || is_sweep_metric(n) || derived.count(n);
    (on_results ? plan.result_constraints : config_constraints).push_back(c);
  }

  for (const auto& a : points) {
    SweepPoint p;
    p.values.assign(plan.columns.size(), "");
    p.sets = spec.base.sets;
    for (const auto& [k, v] : a) {
      p.values[static_cast<size_t>(std::find(plan.columns.begin(), plan.columns.end(), k) -
                                   plan.columns.begin())] = v;
      p.sets.push_back(k + "=" + v);
    }
    RunInputs in = spec.base;
    in.sets = p.sets;
    LoadedRun run;
    try {
      run = load_run(in);
    } catch (const std::exception& e) {
      p.error = e.what();
      std::string joined;
      for (const auto& s : p.sets) joined += s + "\n";
      p.id = hash_hex("unresolved\n" + joined);
      p.index = plan.points.size();
      plan.points.push_back(p);
      continue;
    }
    bool keep = true;
    for (size_t c : config_constraints) {
      const NamedExpression& ne = spec.constraints[c];
      auto lookup = [&](const std::string& name) { return config_value(run.resolved, name); };
      try {
        keep = keep && ne.expr.truth(lookup);
      } catch (const ExprError& e) {
        std::string point;
        for (const auto& [k, v] : a) point += (point.empty() ? "" : ", ") + k + "=" + v;
        throw ConfigError(ne.loc, "sweep.constraints",
                          std::string(e.what()) + " at the point " + point);
      }
    }
    if (!keep) continue;
    p.id = hash_hex(to_yaml(run.resolved));
    p.index = plan.points.size();
    plan.points.push_back(p);
  }
  return plan;
}

std::vector<std::string> shard_ids(const SweepPlan& plan, size_t i, size_t k) {
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  for (const auto& p : plan.points)
    if (seen.insert(p.id).second) distinct.push_back(p.id);
  std::vector<std::string> out;
  for (size_t j = i; j < distinct.size(); j += k) out.push_back(distinct[j]);
  return out;
}

}  // namespace tessera
