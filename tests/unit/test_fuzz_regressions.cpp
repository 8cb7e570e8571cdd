// Every input the fuzzers found (tests/data/fuzz-regressions/TARGET/*) replayed through the same
// entry points as the fuzz targets (fuzz/fuzz_*.cpp): each must end in an ordinary exception or
// a result, never a crash. Under the sanitizer build (-DTESSERA_SANITIZE=ON) undefined behaviour
// aborts, so these also guard the fixes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler_frontend/onnx/onnx_importer.h"
#include "models/config/units.h"
#include "sim/config/config_tree.h"
#include "sim/config/run_config.h"
#include "sim/sweep/expression.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_spec.h"

using namespace tessera;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(TESSERA_SOURCE_DIR) / "tests/data/fuzz-regressions" / target;
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs f and reports whether it ended normally or by a std::exception (both fine).
template <class F>
void survives(const fs::path& p, F f) {
  try {
    f();
  } catch (const std::exception&) {
  }
  SUCCEED() << p;
}

}  // namespace

TEST(FuzzRegressions, OnnxInputsAreRejectedCleanly) {
  for (const auto& p : inputs("onnx"))
    survives(p, [&] {
      OnnxImportOptions o;
      std::vector<std::string> skipped;
      import_onnx(p.string(), o, &skipped);
    });
}

TEST(FuzzRegressions, ConfigInputsAreRejectedCleanly) {
  for (const auto& p : inputs("config"))
    survives(p, [&] {
      ConfigNode tree = load_config_text(slurp(p), p.filename().string());
      parse_run(tree);
    });
}

TEST(FuzzRegressions, SweepInputsAreRejectedCleanly) {
  for (const auto& p : inputs("sweep")) survives(p, [&] { plan_sweep(load_sweep(p.string())); });
}

TEST(FuzzRegressions, UnitAndExpressionInputsAreRejectedCleanly) {
  for (const auto& p : inputs("units"))
    survives(p, [&] {
      const std::string text = slurp(p);
      std::string err;
      for (Quantity q : {Quantity::Frequency, Quantity::Bytes, Quantity::Bandwidth, Quantity::Time,
                         Quantity::Power, Quantity::Energy, Quantity::Area, Quantity::Voltage})
        parse_quantity(text, q, &err);
      parse_bytes(text, &err);
      Expression(text).evaluate(
          [](const std::string&) { return std::optional<ExprValue>(ExprValue::of(1.0)); });
    });
}
