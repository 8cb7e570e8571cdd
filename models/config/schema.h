// Declared config schemas (DESIGN.md style notes 1-3): every key is declared once with its type,
// unit, default and a one-line doc. The same declaration parses the YAML (unknown keys, wrong
// types and out-of-range values are errors naming file, line and key) and prints the
// documentation (`tessera describe`), so the two can never drift apart.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "models/config/config_node.h"
#include "models/config/units.h"

namespace tessera {

struct FieldDoc {
  std::string key;
  std::string type;          // "int", "bool", "frequency", "one of: os|ws|is", "section", ...
  std::string unit;          // "cycles", "Hz", "bytes", "" when dimensionless
  std::string default_text;  // "" = required, "(none)" = optional without default
  std::string doc;
  const class SchemaBase* nested = nullptr;  // sections and lists of sections
};

class SchemaBase {
 public:
  SchemaBase(std::string name, std::string doc) : name_(std::move(name)), doc_(std::move(doc)) {}
  virtual ~SchemaBase() = default;
  const std::string& name() const { return name_; }
  const std::string& doc() const { return doc_; }
  const std::vector<FieldDoc>& fields() const { return docs_; }
  // Writes one table of keys (and, nested, the keys of sub-sections).
  void describe(std::ostream& os, const std::string& prefix = "") const;
  bool has_key(const std::string& key) const;

 protected:
  std::string name_;
  std::string doc_;
  std::vector<FieldDoc> docs_;
};

inline const std::string& key_type() {
  static const std::string k = "type";
  return k;
}

// Limits shared by the hardware schemas: far beyond any real chip, still finite.
constexpr double kMaxClock = 1e13;  // 10 THz
constexpr uint64_t kMaxBytes = uint64_t(1) << 50;
constexpr int64_t kMaxCount = int64_t(1) << 30;

// Marker for "optional, no default": the member keeps its initial value when the key is absent.
extern const char* const kNoDefault;
// Marker for "the default is the struct's own initializer": one declaration per default, in the
// spec struct, which the schema prints and applies.
extern const char* const kFromStruct;
std::string format_real_default(double v);

// Helpers shared by all field parsers.
[[noreturn]] void fail_at(const ConfigNode& n, const std::string& path, const std::string& msg);
const std::string& require_scalar(const ConfigNode& n, const std::string& path);
int64_t parse_int_value(const ConfigNode& n, const std::string& path, int64_t lo, int64_t hi);
double parse_real_value(const ConfigNode& n, const std::string& path, double lo, double hi);
bool parse_bool_value(const ConfigNode& n, const std::string& path);
double parse_quantity_value(const ConfigNode& n, const std::string& path, Quantity q, double lo,
                            double hi, bool lo_inclusive);
uint64_t parse_bytes_value(const ConfigNode& n, const std::string& path, uint64_t lo, uint64_t hi);
std::string join_key(const std::string& path, const std::string& key);
// The node of `key` inside map `n` when present (for errors at the key's own line), else `n`.
const ConfigNode& key_node(const ConfigNode& n, const std::string& key);
// fail_at at the key's own line: "path.key: msg".
[[noreturn]] void fail_key(const ConfigNode& n, const std::string& path, const std::string& key,
                           const std::string& msg);

template <class T>
class Schema : public SchemaBase {
 public:
  using Parser = std::function<void(T&, ConfigNode&, const std::string&)>;
  using Check = std::function<void(const T&, const ConfigNode&, const std::string&)>;

  Schema(std::string name, std::string doc) : SchemaBase(std::move(name), std::move(doc)) {}

  Schema& integer(const std::string& key, int64_t T::*m, const std::string& def, int64_t lo,
                  int64_t hi, const std::string& unit, const std::string& doc) {
    const std::string d = def == kFromStruct ? std::to_string(T{}.*m) : def;
    return add(
        {key, "int [" + std::to_string(lo) + ", " + std::to_string(hi) + "]", unit, d, doc},
        [=](T& t, ConfigNode& n, const std::string& p) { t.*m = parse_int_value(n, p, lo, hi); });
  }
  Schema& real(const std::string& key, double T::*m, const std::string& def, double lo, double hi,
               const std::string& unit, const std::string& doc) {
    const std::string d = def == kFromStruct ? format_real_default(T{}.*m) : def;
    return add({key, "number", unit, d, doc}, [=](T& t, ConfigNode& n, const std::string& p) {
      t.*m = parse_real_value(n, p, lo, hi);
    });
  }
  Schema& flag(const std::string& key, bool T::*m, const std::string& def, const std::string& doc) {
    const std::string d = def == kFromStruct ? ((T{}.*m) ? "true" : "false") : def;
    return add({key, "bool", "", d, doc},
               [=](T& t, ConfigNode& n, const std::string& p) { t.*m = parse_bool_value(n, p); });
  }
  Schema& text(const std::string& key, std::string T::*m, const std::string& def,
               const std::string& doc) {
    return add({key, "string", "", def, doc}, [=](T& t, ConfigNode& n, const std::string& p) {
      t.*m = require_scalar(n, p);
      if ((t.*m).empty()) fail_at(n, p, "must not be empty");
    });
  }
  template <class E>
  Schema& choice(const std::string& key, E T::*m, const std::string& def,
                 std::vector<std::pair<std::string, E>> options, const std::string& doc) {
    std::string names, d = def;
    for (const auto& o : options) {
      names += (names.empty() ? "" : "|") + o.first;
      if (def == kFromStruct && o.second == T{}.*m) d = o.first;
    }
    return add({key, "one of " + names, "", d, doc},
               [=](T& t, ConfigNode& n, const std::string& p) {
                 const std::string& v = require_scalar(n, p);
                 for (const auto& o : options) {
                   if (o.first == v) {
                     t.*m = o.second;
                     return;
                   }
                 }
                 fail_at(n, p, "unknown value '" + v + "' (expected one of " + names + ")");
               });
  }
  // A physical quantity with a unit in the text. `lo` is exclusive unless lo_inclusive.
  Schema& quantity(const std::string& key, double T::*m, Quantity q, const std::string& def,
                   double lo, double hi, bool lo_inclusive, const std::string& doc) {
    const std::string d = def == kFromStruct ? format_quantity(T{}.*m, q) : def;
    return add({key, quantity_name(q), std::string("e.g. ") + quantity_example(q), d, doc},
               [=](T& t, ConfigNode& n, const std::string& p) {
                 t.*m = parse_quantity_value(n, p, q, lo, hi, lo_inclusive);
               });
  }
  Schema& bytes(const std::string& key, uint64_t T::*m, const std::string& def, uint64_t lo,
                uint64_t hi, const std::string& doc) {
    const std::string d = def == kFromStruct ? std::to_string(T{}.*m) + "B" : def;
    return add({key, "size", "e.g. 64KiB", d, doc}, [=](T& t, ConfigNode& n, const std::string& p) {
      t.*m = parse_bytes_value(n, p, lo, hi);
    });
  }
  template <class S>
  Schema& section(const std::string& key, S T::*m, const Schema<S>& sub, const std::string& def,
                  const std::string& doc) {
    FieldDoc d{key, "section", "", def, doc, &sub};
    return add(d, [m, &sub](T& t, ConfigNode& n, const std::string& p) { t.*m = sub.parse(n, p); });
  }
  template <class S>
  Schema& list(const std::string& key, std::vector<S> T::*m, const Schema<S>& sub,
               const std::string& def, const std::string& doc) {
    FieldDoc d{key, "list of " + sub.name(), "", def, doc, &sub};
    return add(d, [m, &sub](T& t, ConfigNode& n, const std::string& p) {
      if (!n.is_seq()) fail_at(n, p, "expected a list");
      (t.*m).clear();
      for (size_t i = 0; i < n.items().size(); ++i)
        (t.*m).push_back(sub.parse(n.items()[i], p + "." + std::to_string(i)));
    });
  }
  Schema& string_list(const std::string& key, std::vector<std::string> T::*m,
                      const std::string& def, const std::string& doc) {
    return add({key, "list of strings", "", def, doc},
               [=](T& t, ConfigNode& n, const std::string& p) {
                 (t.*m).clear();
                 if (n.is_scalar()) {
                   (t.*m).push_back(require_scalar(n, p));
                   return;
                 }
                 if (!n.is_seq()) fail_at(n, p, "expected a list of strings");
                 for (size_t i = 0; i < n.items().size(); ++i)
                   (t.*m).push_back(require_scalar(n.items()[i], p + "." + std::to_string(i)));
               });
  }
  // A field with its own parser (for keys that take several shapes, e.g. a name or a list).
  Schema& custom(const std::string& key, const std::string& type, const std::string& def,
                 const std::string& doc, Parser parser, const SchemaBase* nested = nullptr) {
    FieldDoc d{key, type, "", def, doc, nested};
    return add(d, std::move(parser));
  }
  // The `type:` key of a block section: read and checked by the block registry
  // (models/platform/block_registry.h), declared here so `describe` shows it.
  Schema& type_key(const std::string& doc) {
    return add({key_type(), "registered block type", "", kNoDefault, doc},
               [](T&, ConfigNode&, const std::string&) {});
  }
  // A list of whole numbers.
  Schema& table_list(const std::string& key, std::vector<int64_t> T::*m, const std::string& doc) {
    return add({key, "list of int", "", kNoDefault, doc},
               [=](T& t, ConfigNode& n, const std::string& p) {
                 if (!n.is_seq()) fail_at(n, p, "expected a list of whole numbers");
                 (t.*m).clear();
                 for (size_t i = 0; i < n.items().size(); ++i)
                   (t.*m).push_back(parse_int_value(n.items()[i], p + "." + std::to_string(i),
                                                    INT64_MIN / 2, INT64_MAX / 2));
               });
  }
  // A map from a fixed set of names (e.g. precisions) to numbers or quantities.
  Schema& table(const std::string& key, std::map<std::string, double> T::*m,
                std::vector<std::string> allowed, const Quantity* q, double lo, double hi,
                const std::string& def, const std::string& doc) {
    std::string names;
    for (const auto& a : allowed) names += (names.empty() ? "" : "|") + a;
    std::string type = std::string("map {") + names + "} -> " + (q ? quantity_name(*q) : "number");
    bool has_q = q != nullptr;
    Quantity qq = q ? *q : Quantity::Frequency;
    return add({key, type, q ? std::string("e.g. ") + quantity_example(*q) : "", def, doc},
               [=](T& t, ConfigNode& n, const std::string& p) {
                 if (!n.is_map()) fail_at(n, p, "expected a map of " + names);
                 // Entries merge over the struct's built-in defaults (documented in `doc`).
                 for (const auto& kv : n.entries()) {
                   bool ok = allowed.empty();
                   for (const auto& a : allowed) ok = ok || a == kv.first;
                   std::string kp = p + "." + kv.first;
                   if (!ok) fail_at(kv.second, kp, "unknown key (expected one of " + names + ")");
                   (t.*m)[kv.first] = has_q ? parse_quantity_value(kv.second, kp, qq, lo, hi, true)
                                            : parse_real_value(kv.second, kp, lo, hi);
                 }
               });
  }
  // A cross-field rule checked after all keys are read (e.g. tRC >= tRAS + tRP).
  Schema& check(Check c) {
    checks_.push_back(std::move(c));
    return *this;
  }

  // Reads `node` into a T. Defaults that apply are written into `node`, so the tree becomes the
  // fully resolved config that is saved next to every result. Keys listed in `foreign` belong to
  // someone else (a block type's own keys beside its section's common keys) and are skipped.
  T parse(ConfigNode& node, const std::string& path,
          const std::vector<std::string>* foreign = nullptr) const {
    return parse_impl(node, path, foreign, false);
  }
  // Reads only this schema's keys of a section that also holds other keys (checked elsewhere).
  T parse_keys(ConfigNode& node, const std::string& path) const {
    return parse_impl(node, path, nullptr, true);
  }

 private:
  T parse_impl(ConfigNode& node, const std::string& path, const std::vector<std::string>* foreign,
               bool others_allowed) const {
    T out{};
    if (node.is_scalar() && node.value().empty()) {
      node = ConfigNode::map(node.loc());  // "key:" with nothing after it: an empty section
    } else if (!node.is_map()) {
      fail_at(node, path, "expected a section (a map of keys)");
    }
    if (!others_allowed)
      for (const auto& kv : node.entries()) {
        if (has_key(kv.first)) continue;
        if (foreign && std::find(foreign->begin(), foreign->end(), kv.first) != foreign->end())
          continue;
        fail_at(kv.second, join_key(path, kv.first),
                "unknown key in " + name_ + " (see `tessera describe " + name_ + "`)");
      }
    for (size_t i = 0; i < docs_.size(); ++i) {
      const FieldDoc& d = docs_[i];
      std::string kp = join_key(path, d.key);
      ConfigNode* v = node.find(d.key);
      bool is_list = d.type.rfind("list", 0) == 0;
      if (v) {
        if (d.nested && v->is_scalar() && v->value().empty())
          *v = is_list ? ConfigNode::seq(v->loc()) : ConfigNode::map(v->loc());
        parsers_[i](out, *v, kp);
      } else if (d.default_text == kNoDefault) {
        continue;
      } else if (!d.default_text.empty()) {
        ConfigNode def;
        if (d.nested) {
          def = is_list ? ConfigNode::seq(node.loc()) : ConfigNode::map(node.loc());
        } else {
          def = ConfigNode::scalar(d.default_text, SourceLoc{"<default of " + kp + ">", 0});
        }
        parsers_[i](out, node.set(d.key, def), kp);
      } else {
        fail_at(node, kp, "missing required key");
      }
    }
    for (const auto& c : checks_) c(out, node, path);
    return out;
  }

 private:
  Schema& add(FieldDoc d, Parser p) {
    docs_.push_back(std::move(d));
    parsers_.push_back(std::move(p));
    return *this;
  }
  std::vector<Parser> parsers_;
  std::vector<Check> checks_;
};

// Registry of top-level components for `tessera describe`. Each schema file registers itself
// with a static SchemaRegistrar (the library is an OBJECT library so the linker keeps them).
class SchemaRegistry {
 public:
  static SchemaRegistry& instance();
  void add(const SchemaBase* s);
  const SchemaBase* find(const std::string& name) const;
  std::vector<const SchemaBase*> all() const;

 private:
  std::vector<const SchemaBase*> schemas_;
};

struct SchemaRegistrar {
  explicit SchemaRegistrar(const SchemaBase& s) { SchemaRegistry::instance().add(&s); }
};

}  // namespace tessera
