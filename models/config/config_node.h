// A config document as a tree that remembers, for every value, the file and line it came from.
// Schemas (models/config/schema.h) read this tree; sim/config/config_tree.h loads it from YAML
// files with includes and --set overrides.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "models/config/config_error.h"

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
  // Adds a key the caller knows is new (no search): a map read from a file, keys checked once.
  void append(std::string key, ConfigNode value);
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

}  // namespace tessera
