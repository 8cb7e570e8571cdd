// A config document as a tree that remembers, for every value, the file and line it came from.
// Files are YAML; `include:` (a path or a list of paths, relative to the including file) pulls
// other files in first and the including map's own keys override them; `--set a.b.c=v`
// overrides single values afterwards. The tree, not yaml-cpp's nodes, is what schemas read,
// because after includes and overrides one document mixes values from several files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/config/config_error.h"

namespace tessera {

class ConfigNode {
 public:
  enum class Kind { Null, Scalar, Map, Seq };

  ConfigNode() = default;
  static ConfigNode scalar(std::string value, SourceLoc loc);
  static ConfigNode map(SourceLoc loc);
  static ConfigNode seq(SourceLoc loc);

  Kind kind() const { return kind_; }
  bool is_map() const { return kind_ == Kind::Map; }
  bool is_seq() const { return kind_ == Kind::Seq; }
  bool is_scalar() const { return kind_ == Kind::Scalar; }
  bool is_null() const { return kind_ == Kind::Null; }
  const std::string& value() const { return scalar_; }
  const SourceLoc& loc() const { return loc_; }

  // Map access, in document order.
  const std::vector<std::pair<std::string, ConfigNode>>& entries() const { return entries_; }
  const ConfigNode* find(const std::string& key) const;
  ConfigNode* find(const std::string& key);
  ConfigNode& set(const std::string& key, ConfigNode value);  // replaces or appends
  bool erase(const std::string& key);

  // Sequence access.
  const std::vector<ConfigNode>& items() const { return items_; }
  std::vector<ConfigNode>& items() { return items_; }
  void push_back(ConfigNode n) { items_.push_back(std::move(n)); }

  // Gives this node and everything below it one source location (command-line values).
  void relocate(const SourceLoc& loc);

  // Deep merge: maps merge key by key, anything else in `over` replaces this.
  void merge_from(const ConfigNode& over);

 private:
  Kind kind_ = Kind::Null;
  std::string scalar_;
  SourceLoc loc_;
  std::vector<std::pair<std::string, ConfigNode>> entries_;
  std::vector<ConfigNode> items_;
};

// Loads a YAML file (resolving includes). Paths starting with '@' name files embedded in the
// binary (the shipped configs), so the default run needs no files on disk.
ConfigNode load_config_file(const std::string& path);

// Parses YAML text as if it were the file `name` (used for embedded files and tests).
ConfigNode load_config_text(const std::string& text, const std::string& name);

// Applies "a.b.c=value" (value parsed as YAML, so lists work). Sequence elements are addressed by
// index ("hardware.buffers.0.size=1MiB").
void apply_override(ConfigNode& root, const std::string& assignment);

// Sets a value at a dotted path, creating maps on the way.
void set_path(ConfigNode& root, const std::string& path, ConfigNode value);
const ConfigNode* find_path(const ConfigNode& root, const std::string& path);

// Writes the tree back as YAML (the resolved config saved next to every result).
std::string to_yaml(const ConfigNode& root);

// Reads a whole file from disk or from the embedded store; throws ConfigError if missing.
std::string read_source_file(const std::string& path);
bool source_file_exists(const std::string& path);

}  // namespace tessera
