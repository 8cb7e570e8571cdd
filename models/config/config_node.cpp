#include "models/config/config_node.h"

namespace tessera {

ConfigNode ConfigNode::scalar(std::string value, SourceLoc loc) {
  ConfigNode n;
  n.kind_ = Kind::Scalar;
  n.scalar_ = std::move(value);
  n.loc_ = std::move(loc);
  return n;
}
ConfigNode ConfigNode::map(SourceLoc loc) {
  ConfigNode n;
  n.kind_ = Kind::Map;
  n.loc_ = std::move(loc);
  return n;
}
ConfigNode ConfigNode::seq(SourceLoc loc) {
  ConfigNode n;
  n.kind_ = Kind::Seq;
  n.loc_ = std::move(loc);
  return n;
}

const ConfigNode* ConfigNode::find(const std::string& key) const {
  for (const auto& kv : entries_)
    if (kv.first == key) return &kv.second;
  return nullptr;
}
ConfigNode* ConfigNode::find(const std::string& key) {
  for (auto& kv : entries_)
    if (kv.first == key) return &kv.second;
  return nullptr;
}
ConfigNode& ConfigNode::set(const std::string& key, ConfigNode value) {
  if (kind_ != Kind::Map) {
    kind_ = Kind::Map;
    entries_.clear();
    items_.clear();
    scalar_.clear();
  }
  if (ConfigNode* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  entries_.emplace_back(key, std::move(value));
  return entries_.back().second;
}
bool ConfigNode::erase(const std::string& key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

void ConfigNode::relocate(const SourceLoc& loc) {
  loc_ = loc;
  for (auto& kv : entries_) kv.second.relocate(loc);
  for (auto& item : items_) item.relocate(loc);
}

void ConfigNode::merge_from(const ConfigNode& over) {
  if (kind_ == Kind::Map && over.kind_ == Kind::Map) {
    for (const auto& kv : over.entries_) {
      if (ConfigNode* mine = find(kv.first)) {
        mine->merge_from(kv.second);
      } else {
        entries_.push_back(kv);
      }
    }
    return;
  }
  *this = over;
}

}  // namespace tessera
