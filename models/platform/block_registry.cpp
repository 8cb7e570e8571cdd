#include "models/platform/block_registry.h"

#include <algorithm>
#include <stdexcept>

namespace tessera {

const std::string& BlockConfig::type_name() const {
  static const std::string none;
  return type ? type->type : none;
}

BlockRegistry& BlockRegistry::instance() {
  static BlockRegistry r;
  return r;
}

void BlockRegistry::add_section(BlockSection s) {
  if (section(s.name)) throw std::logic_error("block section '" + s.name + "' registered twice");
  sections_.push_back(std::make_unique<BlockSection>(std::move(s)));
}

void BlockRegistry::add_type(BlockType t) {
  if (find(t.section, t.type))
    throw std::logic_error("block type '" + t.section + "." + t.type + "' registered twice");
  types_.push_back(std::make_unique<BlockType>(std::move(t)));
}

void BlockRegistry::add_shell(const std::string& sec, const std::string& type, MemoryFactory memory,
                              UnitFactory unit) {
  for (auto& t : types_)
    if (t->section == sec && t->type == type) {
      if (memory) t->build_memory = std::move(memory);
      if (unit) t->build_unit = std::move(unit);
      return;
    }
  throw std::logic_error("shell for unregistered block type '" + sec + "." + type + "'");
}

const BlockSection* BlockRegistry::section(const std::string& name) const {
  for (const auto& s : sections_)
    if (s->name == name) return s.get();
  return nullptr;
}

const BlockType* BlockRegistry::find(const std::string& sec, const std::string& type) const {
  for (const auto& t : types_)
    if (t->section == sec && t->type == type) return t.get();
  return nullptr;
}

std::vector<const BlockType*> BlockRegistry::types_of(const std::string& sec) const {
  std::vector<const BlockType*> out;
  for (const auto& t : types_)
    if (t->section == sec) out.push_back(t.get());
  // Registration order depends on the order static objects are built in: sort by name.
  std::sort(out.begin(), out.end(),
            [](const BlockType* a, const BlockType* b) { return a->type < b->type; });
  return out;
}

std::vector<const BlockSection*> BlockRegistry::sections_of(BlockRole role) const {
  std::vector<const BlockSection*> out;
  for (const auto& s : sections_)
    if (s->role == role) out.push_back(s.get());
  std::sort(out.begin(), out.end(),
            [](const BlockSection* a, const BlockSection* b) { return a->order < b->order; });
  return out;
}

std::string BlockRegistry::type_names(const std::string& sec) const {
  std::string names;
  for (const BlockType* t : types_of(sec)) names += (names.empty() ? "" : "|") + t->type;
  return names;
}

const BlockType& block_type_of(ConfigNode& node, const std::string& path, const std::string& sec,
                               const SchemaBase& common) {
  const BlockRegistry& reg = BlockRegistry::instance();
  const BlockSection* s = reg.section(sec);
  if (!s) throw std::logic_error("block section '" + sec + "' is not registered");
  if (!node.is_map()) fail_at(node, path, "expected a section (a map of keys)");
  const ConfigNode* tn = node.find("type");
  std::string type = s->default_type;
  if (tn) {
    type = require_scalar(*tn, join_key(path, "type"));
  } else if (type.empty()) {
    fail_key(node, path, "type", "missing required key (registered: " + reg.type_names(sec) + ")");
  } else {
    node.set("type",
             ConfigNode::scalar(type, SourceLoc{"<default of " + join_key(path, "type") + ">", 0}));
  }
  const BlockType* t = reg.find(sec, type);
  if (!t)
    fail_key(node, path, "type",
             "unknown " + sec + " type '" + type + "' (registered: " + reg.type_names(sec) + ")");
  // A key that is neither common nor this type's, but another type's own: say whose it is.
  for (const auto& kv : node.entries()) {
    if (kv.first == "type" || common.has_key(kv.first)) continue;
    if (t->own_keys && t->own_keys->has_key(kv.first)) continue;
    for (const BlockType* other : reg.types_of(sec))
      if (other != t && other->own_keys && other->own_keys->has_key(kv.first))
        fail_at(kv.second, join_key(path, kv.first),
                "belongs to " + sec + " type '" + other->type + "', but this section's type is '" +
                    type + "'");
  }
  return *t;
}

}  // namespace tessera
