#include "models/config/config_node.h"

#include <unordered_map>

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
void ConfigNode::append(std::string key, ConfigNode value) {
  entries_.emplace_back(std::move(key), std::move(value));
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
    // Keys by position, so merging two large maps is linear, not a scan per key.
    std::unordered_map<std::string, size_t> at;
    at.reserve(entries_.size() + over.entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) at.emplace(entries_[i].first, i);
    for (const auto& kv : over.entries_) {
      const auto [it, added] = at.emplace(kv.first, entries_.size());
      if (added) {
        entries_.push_back(kv);
      } else {
        entries_[it->second].second.merge_from(kv.second);
      }
    }
    return;
  }
  *this = over;
}

}  // namespace tessera
