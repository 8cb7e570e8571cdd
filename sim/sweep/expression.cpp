#include "sim/sweep/expression.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "models/config/units.h"

namespace tessera {

struct Expression::Node {
  enum class Kind { Number, Text, Name, Unary, Binary, Call } kind;
  double number = 0;
  std::string text;  // literal text, name, operator or function
  std::vector<std::unique_ptr<Node>> kids;
};

namespace {

using Node = Expression::Node;
using Lookup = std::function<std::optional<ExprValue>(const std::string&)>;

std::optional<double> number_with_unit(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end && *end == '\0' && end != s.c_str()) return v;
  for (Quantity q : {Quantity::Bytes, Quantity::Frequency, Quantity::Bandwidth, Quantity::Time,
                     Quantity::Power, Quantity::Energy, Quantity::Area, Quantity::Voltage}) {
    std::string err;
    if (auto x = parse_quantity(s, q, &err)) return x;
  }
  return std::nullopt;
}

class Parser {
 public:
  Parser(const std::string& t, std::set<std::string>& names) : t_(t), names_(names) {}

  std::unique_ptr<Node> parse() {
    // Bounded so that parsing, evaluating and destroying the tree never exhaust the stack
    // (fuzzing: 20,000 nested brackets crashed the parser).
    if (t_.size() > kMaxLength) fail("longer than " + std::to_string(kMaxLength) + " characters");
    auto n = parse_or();
    skip();
    if (i_ < t_.size()) fail("unexpected '" + t_.substr(i_, 1) + "'");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw ExprError("expression '" + t_ + "': " + why + " at column " + std::to_string(i_ + 1));
  }
  void skip() {
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
  }
  bool eat(const std::string& op) {
    skip();
    if (t_.compare(i_, op.size(), op) != 0) return false;
    // "and"/"or"/"not" are words: not the start of a longer name.
    if (std::isalpha(static_cast<unsigned char>(op[0])) && i_ + op.size() < t_.size() &&
        (std::isalnum(static_cast<unsigned char>(t_[i_ + op.size()])) || t_[i_ + op.size()] == '_'))
      return false;
    i_ += op.size();
    return true;
  }
  static std::unique_ptr<Node> make(Node::Kind k, std::string text) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->text = std::move(text);
    return n;
  }
  std::unique_ptr<Node> binary(std::string op, std::unique_ptr<Node> a, std::unique_ptr<Node> b) {
    auto n = make(Node::Kind::Binary, std::move(op));
    n->kids.push_back(std::move(a));
    n->kids.push_back(std::move(b));
    return n;
  }
  std::unique_ptr<Node> parse_or() {
    auto a = parse_and();
    while (eat("||") || eat("or")) a = binary("||", std::move(a), parse_and());
    return a;
  }
  std::unique_ptr<Node> parse_and() {
    auto a = parse_cmp();
    while (eat("&&") || eat("and")) a = binary("&&", std::move(a), parse_cmp());
    return a;
  }
  std::unique_ptr<Node> parse_cmp() {
    auto a = parse_add();
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">"})
      if (eat(op)) return binary(op, std::move(a), parse_add());
    return a;
  }
  std::unique_ptr<Node> parse_add() {
    auto a = parse_mul();
    for (;;) {
      if (eat("+"))
        a = binary("+", std::move(a), parse_mul());
      else if (eat("-"))
        a = binary("-", std::move(a), parse_mul());
      else
        return a;
    }
  }
  std::unique_ptr<Node> parse_mul() {
    auto a = parse_unary();
    for (;;) {
      if (eat("*"))
        a = binary("*", std::move(a), parse_unary());
      else if (eat("/"))
        a = binary("/", std::move(a), parse_unary());
      else if (eat("%"))
        a = binary("%", std::move(a), parse_unary());
      else
        return a;
    }
  }
  std::unique_ptr<Node> parse_unary() {
    if (eat("-") || eat("!") || eat("not")) {
      const std::string op = t_[i_ - 1] == '-' ? "-" : "!";
      auto n = make(Node::Kind::Unary, op);
      n->kids.push_back(parse_unary());
      return n;
    }
    auto a = parse_primary();
    if (eat("^")) return binary("^", std::move(a), parse_unary());
    return a;
  }
  std::unique_ptr<Node> parse_primary() {
    skip();
    if (i_ >= t_.size()) fail("unexpected end");
    const char c = t_[i_];
    if (c == '(') {
      ++i_;
      if (++depth_ > kMaxDepth) fail("brackets nested deeper than " + std::to_string(kMaxDepth));
      auto n = parse_or();
      if (!eat(")")) fail("missing ')'");
      --depth_;
      return n;
    }
    if (c == '\'' || c == '"') {
      const size_t close = t_.find(c, i_ + 1);
      if (close == std::string::npos) fail("unterminated string");
      auto n = make(Node::Kind::Text, t_.substr(i_ + 1, close - i_ - 1));
      i_ = close + 1;
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return parse_number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return parse_name();
    fail("unexpected '" + std::string(1, c) + "'");
  }
  std::unique_ptr<Node> parse_number() {
    const size_t start = i_;
    while (i_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[i_])) || t_[i_] == '.'))
      ++i_;
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E') && i_ + 1 < t_.size() &&
        (std::isdigit(static_cast<unsigned char>(t_[i_ + 1])) || t_[i_ + 1] == '-' ||
         t_[i_ + 1] == '+')) {
      i_ += 2;
      while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    }
    // A unit straight after the number (no space): letters, and "/s" for bandwidths.
    while (i_ < t_.size() &&
           (std::isalpha(static_cast<unsigned char>(t_[i_])) || t_[i_] == '^' ||
            (std::isdigit(static_cast<unsigned char>(t_[i_])) && i_ > start && t_[i_ - 1] == '^')))
      ++i_;
    if (t_.compare(i_, 2, "/s") == 0 &&
        (i_ + 2 == t_.size() || !std::isalnum(static_cast<unsigned char>(t_[i_ + 2]))))
      i_ += 2;
    const std::string lit = t_.substr(start, i_ - start);
    auto v = number_with_unit(lit);
    if (!v) {
      i_ = start;
      fail("cannot read the number '" + lit + "'");
    }
    auto n = make(Node::Kind::Number, lit);
    n->number = *v;
    return n;
  }
  std::unique_ptr<Node> parse_name() {
    const size_t start = i_;
    auto word_char = [&](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    };
    while (i_ < t_.size() &&
           (word_char(t_[i_]) || (t_[i_] == '.' && i_ + 1 < t_.size() && word_char(t_[i_ + 1]))))
      ++i_;
    const std::string name = t_.substr(start, i_ - start);
    skip();
    if (i_ < t_.size() && t_[i_] == '(') {
      static const std::set<std::string> functions = {"min",   "max",  "abs",   "sqrt", "log2",
                                                      "log10", "ceil", "floor", "pow"};
      if (!functions.count(name)) fail("unknown function '" + name + "'");
      ++i_;
      if (++depth_ > kMaxDepth) fail("calls nested deeper than " + std::to_string(kMaxDepth));
      auto n = make(Node::Kind::Call, name);
      if (!eat(")")) {
        do n->kids.push_back(parse_or());
        while (eat(","));
        if (!eat(")")) fail("missing ')' after the arguments of " + name);
      }
      --depth_;
      const size_t want = (name == "min" || name == "max") ? 0 : name == "pow" ? 2 : 1;
      if ((want == 0 && n->kids.empty()) || (want > 0 && n->kids.size() != want))
        fail(name + " takes " +
             (want == 0 ? std::string("at least one argument")
                        : std::to_string(want) + " argument(s)"));
      return n;
    }
    if (name == "true" || name == "false") {
      auto n = make(Node::Kind::Number, name);
      n->number = name == "true" ? 1 : 0;
      return n;
    }
    names_.insert(name);
    return make(Node::Kind::Name, name);
  }

  static constexpr size_t kMaxLength = 2000, kMaxDepth = 32;
  const std::string& t_;
  std::set<std::string>& names_;
  size_t i_ = 0;
  size_t depth_ = 0;
};

double as_number(const ExprValue& v, const std::string& expr, const std::string& what) {
  if (v.is_text)
    throw ExprError("expression '" + expr + "': " + what + " is text ('" + v.text +
                    "'), not a number");
  return v.number;
}

// Arithmetic that leaves the finite numbers (x/0, 0/0, sqrt(-1), log2(0), an overflow) is an
// error of the expression, never a NaN that compares false or an inf in the results.
ExprValue finite(double v, const std::string& expr) {
  if (!std::isfinite(v))
    throw ExprNotFinite("'" + expr + "' is " + (std::isnan(v) ? "not a number" : "infinite") +
                        " here (a division by zero?)");
  return ExprValue::of(v);
}

ExprValue eval(const Node& n, const Lookup& lookup, const std::string& expr) {
  switch (n.kind) {
    case Node::Kind::Number:
      return ExprValue::of(n.number);
    case Node::Kind::Text:
      return ExprValue::of_text(n.text);
    case Node::Kind::Name: {
      auto v = lookup(n.text);
      if (!v) throw ExprError("expression '" + expr + "': unknown name '" + n.text + "'");
      return *v;
    }
    case Node::Kind::Unary: {
      const double x = as_number(eval(*n.kids[0], lookup, expr), expr, "the operand of " + n.text);
      return ExprValue::of(n.text == "-" ? -x : (x == 0 ? 1 : 0));
    }
    case Node::Kind::Call: {
      std::vector<double> a;
      for (const auto& k : n.kids)
        a.push_back(as_number(eval(*k, lookup, expr), expr, "an argument of " + n.text));
      const std::string& f = n.text;
      if (f == "min" || f == "max") {
        double r = a[0];
        for (double x : a) r = f == "min" ? std::min(r, x) : std::max(r, x);
        return ExprValue::of(r);
      }
      if (f == "abs") return ExprValue::of(std::fabs(a[0]));
      if (f == "sqrt") return finite(std::sqrt(a[0]), expr);
      if (f == "log2") return finite(std::log2(a[0]), expr);
      if (f == "log10") return finite(std::log10(a[0]), expr);
      if (f == "ceil") return ExprValue::of(std::ceil(a[0]));
      if (f == "floor") return ExprValue::of(std::floor(a[0]));
      return finite(std::pow(a[0], a[1]), expr);
    }
    case Node::Kind::Binary:
      break;
  }
  const std::string& op = n.text;
  const ExprValue a = eval(*n.kids[0], lookup, expr);
  if (op == "&&" || op == "||") {
    const bool x = as_number(a, expr, "the left of " + op) != 0;
    if (op == "&&" && !x) return ExprValue::of(0);
    if (op == "||" && x) return ExprValue::of(1);
    return ExprValue::of(
        as_number(eval(*n.kids[1], lookup, expr), expr, "the right of " + op) != 0 ? 1 : 0);
  }
  const ExprValue b = eval(*n.kids[1], lookup, expr);
  if ((op == "==" || op == "!=") && (a.is_text || b.is_text)) {
    // Text compares with text; a number never equals text.
    const bool eq = a.is_text == b.is_text && a.text == b.text;
    return ExprValue::of((op == "==") == eq ? 1 : 0);
  }
  const double x = as_number(a, expr, "the left of " + op),
               y = as_number(b, expr, "the right of " + op);
  if (op == "+") return finite(x + y, expr);
  if (op == "-") return finite(x - y, expr);
  if (op == "*") return finite(x * y, expr);
  if (op == "/") return finite(x / y, expr);
  if (op == "%") return finite(std::fmod(x, y), expr);
  if (op == "^") return finite(std::pow(x, y), expr);
  if (op == "<") return ExprValue::of(x < y);
  if (op == "<=") return ExprValue::of(x <= y);
  if (op == ">") return ExprValue::of(x > y);
  if (op == ">=") return ExprValue::of(x >= y);
  if (op == "==") return ExprValue::of(x == y);
  return ExprValue::of(x != y);
}

}  // namespace

ExprValue value_from_scalar(const std::string& s) {
  if (s == "true") return ExprValue::of(1);
  if (s == "false") return ExprValue::of(0);
  if (auto v = number_with_unit(s)) return ExprValue::of(*v);
  return ExprValue::of_text(s);
}

Expression::Expression(const std::string& text) : text_(text) {
  Parser p(text_, names_);
  root_ = p.parse();
}
Expression::~Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;

ExprValue Expression::evaluate(const Lookup& lookup) const {
  return eval(*root_, lookup, text_);
}

double Expression::number(const Lookup& lookup) const {
  const double v = as_number(evaluate(lookup), text_, "the result");
  if (!std::isfinite(v))
    throw ExprNotFinite("'" + text_ + "' is " + (std::isnan(v) ? "not a number" : "infinite") +
                        " (a division by zero?)");
  return v;
}

bool Expression::truth(const Lookup& lookup) const {
  return number(lookup) != 0;
}

}  // namespace tessera
