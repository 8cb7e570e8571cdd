// Small arithmetic and logical expressions for sweep constraints and derived columns, e.g.
//   hardware.pe_array.rows * hardware.pe_array.cols <= 16384
//   area_mm2 < 25 && workload.precision == 'int8'
//   macs * 2 * throughput_per_s / avg_power_w / 1e12
// Names are config key paths (sequence elements by index: hardware.buffers.0.size) or result
// metrics; the caller resolves them. Numbers may carry units (64KiB, 1.5GHz, 25.6GB/s, 100ns),
// read in SI base units as in configs. Operators: + - * / % ^, comparisons, && || !, and
// min max abs sqrt log2 log10 ceil floor pow.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

namespace tessera {

struct ExprValue {
  bool is_text = false;
  double number = 0;
  std::string text;
  static ExprValue of(double v) { return {false, v, {}}; }
  static ExprValue of_text(std::string s) { return {true, 0, std::move(s)}; }
};

// Converts a config scalar to a value: numbers, true/false, quantities with units, else text.
ExprValue value_from_scalar(const std::string& scalar);

class ExprError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An expression whose value is not a finite number (a division by zero, 0/0, an overflow).
class ExprNotFinite : public ExprError {
 public:
  using ExprError::ExprError;
};

class Expression {
 public:
  // Throws ExprError naming the position of a syntax error.
  explicit Expression(const std::string& text);
  ~Expression();
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;

  const std::string& text() const { return text_; }
  const std::set<std::string>& names() const { return names_; }

  // `lookup` returns the value of a name (nullopt: unknown, an ExprError).
  ExprValue evaluate(
      const std::function<std::optional<ExprValue>(const std::string&)>& lookup) const;
  double number(const std::function<std::optional<ExprValue>(const std::string&)>& lookup) const;
  bool truth(const std::function<std::optional<ExprValue>(const std::string&)>& lookup) const;

  struct Node;

 private:
  std::string text_;
  std::set<std::string> names_;
  std::unique_ptr<Node> root_;
};

}  // namespace tessera
