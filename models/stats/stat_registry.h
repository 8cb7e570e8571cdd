// Statistics as handles to plain counters (DESIGN.md style note 8): a block registers each
// counter once, with a hierarchical name, a unit and a doc; the hot path only increments the
// integer. The registry dumps them in registration order.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

namespace tessera {

struct StatEntry {
  std::string name;  // bracketed hierarchy: chip.core[0].pe_array[0].busy_cycles
  std::string unit;
  std::string doc;
  uint64_t value = 0;
};

class StatRegistry {
 public:
  // Returns a reference that stays valid for the registry's lifetime (deque storage).
  uint64_t& counter(const std::string& name, const std::string& unit, const std::string& doc) {
    entries_.push_back(StatEntry{name, unit, doc, 0});
    return entries_.back().value;
  }
  const std::deque<StatEntry>& entries() const { return entries_; }
  const StatEntry* find(const std::string& name) const {
    for (const auto& e : entries_)
      if (e.name == name) return &e;
    return nullptr;
  }

 private:
  std::deque<StatEntry> entries_;
};

}  // namespace tessera
