#include "sim/config/config_tree.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_set>

#include "sim/config/embedded_files.h"

namespace tessera {

// ---------------------------------------------------------------------------------------------
// Files: disk or embedded.

bool source_file_exists(const std::string& path) {
  if (!path.empty() && path[0] == '@') return find_embedded_file(path.substr(1)) != nullptr;
  std::error_code ec;  // a stat, not an open: opening a FIFO would wait for a writer
  return std::filesystem::exists(path, ec);
}

// Config, run and sweep files are a few KiB; anything this large is not one.
constexpr uintmax_t kMaxConfigFileBytes = uintmax_t(16) << 20;

std::string read_source_file(const std::string& path) {
  if (!path.empty() && path[0] == '@') {
    const std::string* text = find_embedded_file(path.substr(1));
    if (!text) throw ConfigError(SourceLoc{path, 0}, "", "no such embedded file");
    return *text;
  }
  // Only regular files, and not huge ones: /dev/zero or a FIFO would be read forever.
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(st))
    throw ConfigError(SourceLoc{path, 0}, "", "is a folder, not a file");
  if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st))
    throw ConfigError(SourceLoc{path, 0}, "", "not a regular file (a device, FIFO or socket)");
  if (!ec && std::filesystem::is_regular_file(st) &&
      std::filesystem::file_size(path, ec) > kMaxConfigFileBytes)
    throw ConfigError(
        SourceLoc{path, 0}, "",
        "larger than " + std::to_string(kMaxConfigFileBytes >> 20) + " MiB: not a config file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(SourceLoc{path, 0}, "", "cannot open file (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw ConfigError(SourceLoc{path, 0}, "", "read error");
  return ss.str();
}

namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return path.size() && path[0] == '@' ? "@" : "";
  return path.substr(0, slash + 1);
}

// Joins an include path onto the including file's folder; "a/b/../c" is folded so embedded
// names stay canonical.
std::string join_path(const std::string& base_file, const std::string& rel) {
  if (!rel.empty() && (rel[0] == '/' || rel[0] == '@')) return rel;
  std::string joined = dir_of(base_file) + rel;
  bool embedded = !joined.empty() && joined[0] == '@';
  std::string body = embedded ? joined.substr(1) : joined;
  bool absolute = !body.empty() && body[0] == '/';
  std::vector<std::string> parts;
  std::stringstream ss(body);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else {
      parts.push_back(part);
    }
  }
  std::string out = embedded ? "@" : (absolute ? "/" : "");
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

// What a config file may expand to. YAML aliases share nodes, so a 400-byte file can name 10^9
// of them ("billion laughs") or itself (x: &a [*a]); the conversion counts every node and byte it
// produces and stops at these bounds with an error, before the memory is spent.
constexpr size_t kMaxConfigDepth = 64;      // nesting levels
constexpr size_t kMaxConfigNodes = 250000;  // nodes after alias expansion (configs use < 10,000)
constexpr size_t kMaxConfigText = size_t(64) << 20;  // bytes of scalars after alias expansion

struct ExpansionBudget {
  size_t nodes = 0, text = 0;
};

ConfigNode convert_node(const YAML::Node& y, const std::string& file, const std::string& key_path,
                        size_t depth, ExpansionBudget& budget) {
  SourceLoc loc{file, y.Mark().line >= 0 ? y.Mark().line + 1 : 0};
  if (depth > kMaxConfigDepth)
    throw ConfigError(loc, key_path,
                      "nested deeper than " + std::to_string(kMaxConfigDepth) +
                          " levels (an alias that contains itself?)");
  if (++budget.nodes > kMaxConfigNodes)
    throw ConfigError(loc, key_path,
                      "expands to more than " + std::to_string(kMaxConfigNodes) +
                          " values (aliases repeated inside aliases?)");
  switch (y.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return ConfigNode();  // explicit null: the caller decides what an absent value means
    case YAML::NodeType::Scalar:
      budget.text += y.Scalar().size();
      if (budget.text > kMaxConfigText)
        throw ConfigError(loc, key_path,
                          "expands to more than " + std::to_string(kMaxConfigText >> 20) +
                              " MiB of text (a long value repeated through aliases?)");
      return ConfigNode::scalar(y.Scalar(), loc);
    case YAML::NodeType::Sequence: {
      ConfigNode n = ConfigNode::seq(loc);
      size_t i = 0;
      for (const auto& item : y)
        n.push_back(
            convert_node(item, file, key_path + "." + std::to_string(i++), depth + 1, budget));
      return n;
    }
    case YAML::NodeType::Map: {
      ConfigNode n = ConfigNode::map(loc);
      std::unordered_set<std::string> seen;  // duplicate keys in O(1), not a scan per key
      for (const auto& kv : y) {
        if (!kv.first.IsScalar())
          throw ConfigError(SourceLoc{file, kv.first.Mark().line + 1}, key_path,
                            "map keys must be plain words");
        std::string key = kv.first.Scalar();
        std::string path = key_path.empty() ? key : key_path + "." + key;
        if (!seen.insert(key).second)
          throw ConfigError(SourceLoc{file, kv.first.Mark().line + 1}, path, "duplicate key");
        ConfigNode child = convert_node(kv.second, file, path, depth + 1, budget);
        if (child.is_null()) {
          // Keep the key's own line for errors about a missing value.
          child = ConfigNode::scalar("", SourceLoc{file, kv.first.Mark().line + 1});
        }
        n.append(std::move(key), std::move(child));
      }
      return n;
    }
  }
  return ConfigNode();
}

ConfigNode convert(const YAML::Node& y, const std::string& file, const std::string& key_path) {
  ExpansionBudget budget;
  return convert_node(y, file, key_path, 0, budget);
}

void resolve_includes(ConfigNode& node, const std::string& file, std::set<std::string>& stack,
                      const std::string& key_path);

// The tree of one file's text, before its includes. A sweep loads the same base files for every
// point: parsing YAML is most of that work, so trees are kept by (file, text) for the process.
ConfigNode parse_yaml_file(const std::string& text, const std::string& file) {
  static std::map<std::pair<std::string, std::string>, ConfigNode> parsed;
  const auto key = std::make_pair(file, text);
  if (auto it = parsed.find(key); it != parsed.end()) return it->second;
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(SourceLoc{file, e.mark.line + 1}, "", "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ConfigError(SourceLoc{file, e.mark.line + 1}, "", std::string("YAML error: ") + e.msg);
  }
  ConfigNode root = convert(doc, file, "");
  if (parsed.size() >= 256 || text.size() > (1u << 20)) parsed.clear();  // a bound, not a leak
  if (text.size() <= (1u << 20)) parsed.emplace(key, root);
  return root;
}

ConfigNode load_with_stack(const std::string& text, const std::string& file,
                           std::set<std::string>& stack) {
  ConfigNode root = parse_yaml_file(text, file);
  if (root.is_null() || (root.is_scalar() && root.value().empty()))
    root = ConfigNode::map(SourceLoc{file, 1});
  if (!root.is_map())
    throw ConfigError(SourceLoc{file, 1}, "", "a config file must be a map of keys");
  resolve_includes(root, file, stack, "");
  return root;
}

void resolve_includes(ConfigNode& node, const std::string& file, std::set<std::string>& stack,
                      const std::string& key_path) {
  if (node.is_seq()) {
    for (size_t i = 0; i < node.items().size(); ++i)
      resolve_includes(node.items()[i], file, stack, key_path + "." + std::to_string(i));
    return;
  }
  if (!node.is_map()) return;
  std::string inc_key = key_path.empty() ? "include" : key_path + ".include";
  ConfigNode base = ConfigNode::map(node.loc());
  if (const ConfigNode* inc = node.find("include")) {
    std::vector<const ConfigNode*> list;
    if (inc->is_scalar()) {
      list.push_back(inc);
    } else if (inc->is_seq()) {
      for (const auto& item : inc->items()) list.push_back(&item);
    } else {
      throw ConfigError(inc->loc(), inc_key, "include must be a path or a list of paths");
    }
    for (const ConfigNode* item : list) {
      if (!item->is_scalar() || item->value().empty())
        throw ConfigError(item->loc(), inc_key, "include must be a path or a list of paths");
      std::string target = join_path(file, item->value());
      if (stack.count(target))
        throw ConfigError(item->loc(), inc_key, "include cycle through '" + target + "'");
      if (!source_file_exists(target))
        throw ConfigError(item->loc(), inc_key, "included file '" + target + "' not found");
      stack.insert(target);
      std::string text;
      try {
        text = read_source_file(target);
      } catch (const ConfigError& e) {  // said at the include: line, which is what to fix
        if (e.loc().file != target) throw;
        std::string why = e.what();
        const std::string prefix = e.loc().describe() + ": ";
        if (why.compare(0, prefix.size(), prefix) == 0) why.erase(0, prefix.size());
        throw ConfigError(item->loc(), inc_key, "included file '" + target + "': " + why);
      }
      ConfigNode included = load_with_stack(text, target, stack);
      stack.erase(target);
      base.merge_from(included);
    }
  }
  ConfigNode own = ConfigNode::map(node.loc());
  for (const auto& kv : node.entries()) {
    if (kv.first == "include") continue;
    ConfigNode child = kv.second;
    resolve_includes(child, file, stack, key_path.empty() ? kv.first : key_path + "." + kv.first);
    own.append(kv.first, std::move(child));  // keys of one map: already unique
  }
  base.merge_from(own);
  node = std::move(base);
}

}  // namespace

ConfigNode load_config_text(const std::string& text, const std::string& name) {
  std::set<std::string> stack{name};
  return load_with_stack(text, name, stack);
}

ConfigNode load_config_file(const std::string& path) {
  if (!source_file_exists(path)) throw ConfigError(SourceLoc{path, 0}, "", "file not found");
  return load_config_text(read_source_file(path), path);
}

// ---------------------------------------------------------------------------------------------
// Paths and overrides.

namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string p;
  while (std::getline(ss, p, '.')) parts.push_back(p);
  return parts;
}
bool is_index(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}
// A list index written in decimal; anything beyond the largest index is "past the end" (SIZE_MAX),
// never an overflow.
size_t index_of(const std::string& s) {
  if (s.size() > 18) return SIZE_MAX;
  return static_cast<size_t>(std::stoull(s));
}
}  // namespace

const ConfigNode* find_path(const ConfigNode& root, const std::string& path) {
  const ConfigNode* cur = &root;
  for (const std::string& part : split_path(path)) {
    if (cur->is_map()) {
      cur = cur->find(part);
    } else if (cur->is_seq() && is_index(part)) {
      const size_t i = index_of(part);
      cur = i < cur->items().size() ? &cur->items()[i] : nullptr;
    } else {
      return nullptr;
    }
    if (!cur) return nullptr;
  }
  return cur;
}

void set_path(ConfigNode& root, const std::string& path, ConfigNode value) {
  std::vector<std::string> parts = split_path(path);
  for (const auto& p : parts)
    if (p.empty()) throw ConfigError(value.loc(), path, "empty component in key path");
  ConfigNode* cur = &root;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    bool last = i + 1 == parts.size();
    if (cur->is_seq() && is_index(part)) {
      const size_t idx = index_of(part);
      if (idx >= cur->items().size())
        throw ConfigError(value.loc(), path, "index " + part + " is past the end of the list");
      cur = &cur->items()[idx];
      if (last) *cur = value;
      continue;
    }
    if (!cur->is_map()) {
      if (cur->is_scalar() && !cur->value().empty())
        throw ConfigError(value.loc(), path, "'" + part + "' is below a plain value");
      *cur = ConfigNode::map(value.loc());
    }
    ConfigNode* next = cur->find(part);
    if (last) {
      if (next && next->is_map() && value.is_map()) {
        next->merge_from(value);
      } else {
        cur->set(part, value);
      }
      return;
    }
    if (!next) next = &cur->set(part, ConfigNode::map(value.loc()));
    cur = next;
  }
}

void apply_override(ConfigNode& root, const std::string& assignment) {
  size_t eq = assignment.find('=');
  SourceLoc loc{"--set", 0};
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(loc, assignment, "expected key.path=value");
  std::string path = assignment.substr(0, eq);
  std::string text = assignment.substr(eq + 1);
  // Sweeps apply the same few values to every point: parsed once per process (bounded).
  static std::map<std::string, ConfigNode> parsed;
  ConfigNode value;
  if (auto it = parsed.find(text); it != parsed.end()) {
    value = it->second;
  } else {
    try {
      YAML::Node y = YAML::Load(text);
      value = convert(y, "--set", path);
      if (value.is_null()) value = ConfigNode::scalar("", loc);
      value.relocate(loc);
    } catch (const YAML::Exception&) {
      value = ConfigNode::scalar(text, loc);  // not YAML: take the text literally
    }
    if (parsed.size() >= 4096) parsed.clear();
    if (text.size() <= 4096) parsed.emplace(text, value);
  }
  set_path(root, path, value);
}

// ---------------------------------------------------------------------------------------------
// Emitting.

namespace {
void emit(YAML::Emitter& out, const ConfigNode& n) {
  switch (n.kind()) {
    case ConfigNode::Kind::Null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::Scalar:
      out << n.value();
      break;
    case ConfigNode::Kind::Seq:
      out << YAML::BeginSeq;
      for (const auto& item : n.items()) emit(out, item);
      out << YAML::EndSeq;
      break;
    case ConfigNode::Kind::Map:
      out << YAML::BeginMap;
      for (const auto& kv : n.entries()) {
        out << YAML::Key << kv.first << YAML::Value;
        emit(out, kv.second);
      }
      out << YAML::EndMap;
      break;
  }
}
}  // namespace

std::string to_yaml(const ConfigNode& root) {
  YAML::Emitter out;
  emit(out, root);
  return std::string(out.c_str()) + "\n";
}

}  // namespace tessera
