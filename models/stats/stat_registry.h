// Statistics as handles to plain counters (DESIGN.md style note 8). Every block registers one
// group per instance (a DRAM channel, a NoC link, a PE array) in a report section ("blocks",
// "dram", "links", "l2"), with its fields in the order they are reported; the hot path only
// increments an integer it holds a reference to. The report dumps the sections from here, so a
// new block's statistics reach report.json without a line of report code.
//
// Field kinds: counts (integers), times (integer femtoseconds, reported in seconds), reals and
// text set once when the run ends, and two kinds derived from the run's length when the report
// is written: a rate (the sum of some fields per second) and a fraction (a field times a scale,
// over the run's length: busy cycles / (seconds x clock) = utilization).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace tessera {

enum class StatKind : uint8_t { Count, Time, Real, Text, Rate, Fraction };

struct StatField {
  std::string name;
  StatKind kind = StatKind::Count;
  std::string unit;
  std::string doc;
  uint64_t count = 0;           // Count, Time (femtoseconds)
  double real = 0;              // Real; Fraction: the scale
  std::string text;             // Text
  std::vector<std::string> of;  // Rate, Fraction: the fields it is derived from
};

class StatGroup {
 public:
  StatGroup(std::string section, std::string name)
      : section_(std::move(section)), name_(std::move(name)) {}

  // A counter the block increments; the reference stays valid for the registry's lifetime.
  uint64_t& count(const std::string& field, const std::string& unit, const std::string& doc) {
    return add(field, StatKind::Count, unit, doc).count;
  }
  // A duration kept in femtoseconds, reported in seconds.
  uint64_t& time(const std::string& field, const std::string& doc) {
    return add(field, StatKind::Time, "s", doc).count;
  }
  // A value known when the run ends (an average, a percentile, a clock).
  double& real(const std::string& field, const std::string& unit, const std::string& doc) {
    return add(field, StatKind::Real, unit, doc).real;
  }
  void text(const std::string& field, const std::string& value) {
    add(field, StatKind::Text, "", "").text = value;
  }
  // Sum of `fields` per second of the run (bytes -> achieved bandwidth).
  void rate(const std::string& field, std::vector<std::string> fields, const std::string& unit,
            const std::string& doc) {
    add(field, StatKind::Rate, unit, doc).of = std::move(fields);
  }
  // `field_of` x scale / run length (busy seconds -> utilization, busy cycles / clock ->
  // utilization).
  void fraction(const std::string& field, const std::string& field_of, double scale,
                const std::string& doc) {
    StatField& f = add(field, StatKind::Fraction, "", doc);
    f.of = {field_of};
    f.real = scale;
  }

  const std::string& section() const { return section_; }
  const std::string& name() const { return name_; }
  const std::deque<StatField>& fields() const { return fields_; }
  const StatField* find(const std::string& field) const {
    for (const auto& f : fields_)
      if (f.name == field) return &f;
    return nullptr;
  }
  // A field's value as a number (counts as is, times in seconds, reals as is; derived fields need
  // the run length).
  double value(const StatField& f, double run_s) const;
  double value(const std::string& field, double run_s = 0) const {
    const StatField* f = find(field);
    return f ? value(*f, run_s) : 0;
  }

 private:
  StatField& add(const std::string& field, StatKind kind, const std::string& unit,
                 const std::string& doc) {
    fields_.push_back(StatField{field, kind, unit, doc, 0, 0, "", {}});
    return fields_.back();
  }
  std::string section_;
  std::string name_;
  std::deque<StatField> fields_;  // deque: references handed out stay valid
};

class StatRegistry {
 public:
  // A new group; groups are reported in registration order within their section.
  StatGroup& group(const std::string& section, const std::string& name) {
    groups_.emplace_back(section, name);
    return groups_.back();
  }
  const std::deque<StatGroup>& groups() const { return groups_; }
  std::vector<const StatGroup*> section(const std::string& name) const {
    std::vector<const StatGroup*> out;
    for (const auto& g : groups_)
      if (g.section() == name) out.push_back(&g);
    return out;
  }
  const StatGroup* find(const std::string& name) const {
    for (const auto& g : groups_)
      if (g.name() == name) return &g;
    return nullptr;
  }

 private:
  std::deque<StatGroup> groups_;
};

inline double StatGroup::value(const StatField& f, double run_s) const {
  switch (f.kind) {
    case StatKind::Count:
      return static_cast<double>(f.count);
    case StatKind::Time:
      return static_cast<double>(f.count) * 1e-15;
    case StatKind::Real:
      return f.real;
    case StatKind::Text:
      return 0;
    case StatKind::Rate: {
      double sum = 0;
      for (const auto& n : f.of) sum += value(n);
      return run_s > 0 ? sum / run_s : 0;
    }
    case StatKind::Fraction:
      return run_s > 0 ? value(f.of[0]) * f.real / run_s : 0;
  }
  return 0;
}

}  // namespace tessera
