// Sweeps without running anything: expressions, Pareto fronts on hand-made data, expansion of
// grid/zip/list/random blocks, constraints, sharding, and the sweep file's errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "models/config/config_error.h"
#include "sim/sweep/expression.h"
#include "sim/sweep/pareto.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_spec.h"

using namespace tessera;
namespace fs = std::filesystem;

namespace {

std::optional<ExprValue> vars(const std::string& n) {
  if (n == "a.b") return ExprValue::of(3);
  if (n == "rows") return ExprValue::of(128);
  if (n == "precision") return ExprValue::of_text("int8");
  return std::nullopt;
}

double eval(const std::string& e) {
  return Expression(e).number(vars);
}

// A sweep file in a temporary folder, its base run being the shipped edge NPU.
std::string sweep_file(const std::string& body) {
  const fs::path dir =
      fs::temp_directory_path() / ("tessera-sweep-unit-" + std::to_string(getpid()));
  fs::create_directories(dir);
  static int n = 0;
  const fs::path p = dir / ("s" + std::to_string(n++) + ".yaml");
  std::ofstream(p) << "sweep:\n  hw: " << TESSERA_SOURCE_DIR << "/configs/hw/edge-npu.yaml\n"
                   << body;
  return p.string();
}

std::string load_error(const std::string& body) {
  try {
    load_sweep(sweep_file(body));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SweepExpression, ArithmeticUnitsLogicAndText) {
  EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_DOUBLE_EQ(eval("(1 + 2) * 3"), 9);
  EXPECT_DOUBLE_EQ(eval("2 ^ 10"), 1024);
  EXPECT_DOUBLE_EQ(eval("-a.b + 1"), -2);
  EXPECT_DOUBLE_EQ(eval("64KiB"), 65536);
  EXPECT_DOUBLE_EQ(eval("1.5GHz / 1e9"), 1.5);
  EXPECT_DOUBLE_EQ(eval("25.6GB/s"), 25.6e9);
  EXPECT_DOUBLE_EQ(eval("rows * rows <= 16384"), 1);
  EXPECT_DOUBLE_EQ(eval("rows * rows < 16384"), 0);
  EXPECT_DOUBLE_EQ(eval("precision == 'int8' && rows >= 64"), 1);
  EXPECT_DOUBLE_EQ(eval("precision != 'int8' or not (rows > 1)"), 0);
  EXPECT_DOUBLE_EQ(eval("max(1, a.b, 2) + min(4, 5) + log2(rows)"), 3 + 4 + 7);
  EXPECT_EQ(Expression("rows * a.b + min(x.y, 1)").names(),
            (std::set<std::string>{"rows", "a.b", "x.y"}));
}

TEST(SweepExpression, ErrorsNameTheProblem) {
  auto message = [](const std::string& e) {
    try {
      Expression x(e);
      x.number(vars);
    } catch (const ExprError& err) {
      return std::string(err.what());
    }
    return std::string();
  };
  EXPECT_NE(message("1 +").find("unexpected end"), std::string::npos);
  EXPECT_NE(message("(1 + 2").find("missing ')'"), std::string::npos);
  EXPECT_NE(message("foo(1)").find("unknown function"), std::string::npos);
  EXPECT_NE(message("nope + 1").find("unknown name 'nope'"), std::string::npos);
  EXPECT_NE(message("precision * 2").find("is text"), std::string::npos);
  EXPECT_NE(message("3furlongs").find("cannot read the number"), std::string::npos);
  EXPECT_NE(message("1 $ 2").find("unexpected '$'"), std::string::npos);
}

TEST(SweepExpression, ScalarsFromConfigs) {
  EXPECT_DOUBLE_EQ(value_from_scalar("128").number, 128);
  EXPECT_DOUBLE_EQ(value_from_scalar("1MiB").number, 1048576);
  EXPECT_DOUBLE_EQ(value_from_scalar("true").number, 1);
  EXPECT_TRUE(value_from_scalar("ws").is_text);
}

// Hand-made data: minimise both. Point 3 is dominated by point 1; points 0 and 4 are identical
// (a tie: both on the front); point 5 is failed (ineligible) although it would dominate all.
TEST(Pareto, DominatedExcludedTiesKeptIneligibleIgnored) {
  const std::vector<std::vector<double>> v = {{1, 5}, {2, 2}, {5, 1},  {3, 3},
                                              {1, 5}, {0, 0}, {2, NAN}};
  const std::vector<bool> eligible = {true, true, true, true, true, false, true};
  const auto f = pareto_front(v, {false, false}, eligible);
  EXPECT_EQ(f, (std::vector<bool>{true, true, true, false, true, false, false}));
  // Equal in one objective, better in the other: dominated.
  const auto g = pareto_front({{1, 2}, {1, 3}}, {false, false}, {true, true});
  EXPECT_EQ(g, (std::vector<bool>{true, false}));
}

TEST(Pareto, MaximiseAndThreeObjectives) {
  // Throughput up, area down: (10, 5) dominates (8, 6); (12, 9) trades off.
  const auto f = pareto_front({{10, 5}, {8, 6}, {12, 9}}, {true, false}, {true, true, true});
  EXPECT_EQ(f, (std::vector<bool>{true, false, true}));
  const auto g =
      pareto_front({{1, 1, 9}, {2, 2, 1}, {2, 2, 9}}, {false, false, false}, {true, true, true});
  EXPECT_EQ(g, (std::vector<bool>{true, true, false}));
}

TEST(Pareto, ParsesObjectives) {
  auto o = parse_objectives("latency_s:min, throughput_per_s:max,energy_j");
  ASSERT_EQ(o.size(), 3u);
  EXPECT_FALSE(o[0].maximize);
  EXPECT_TRUE(o[1].maximize);
  EXPECT_EQ(o[2].metric, "energy_j");
  EXPECT_EQ(objectives_name(o), "latency_s-vs-throughput_per_s-vs-energy_j");
  EXPECT_THROW(parse_objectives("latency_s:fast,energy_j"), std::invalid_argument);
  EXPECT_THROW(parse_objectives("latency_s"), std::invalid_argument);
}

TEST(SweepPlan, GridZipListProductWithConstraints) {
  SweepSpec s = load_sweep(sweep_file(R"(  axes:
    - grid: {hardware.pe_array.rows: [8, 16, 32], hardware.pe_array.cols: [8, 16]}
    - zip: {workload.precision: [int8, int4], workload.batch: [1, 2]}
    - list: [{hardware.buffers.0.size: 64KiB}, {hardware.buffers.0.size: 1MiB, hardware.dram.channels: 1}]
  constraints: ["hardware.pe_array.rows * hardware.pe_array.cols <= 256", "latency_s < 1"]
)"));
  SweepPlan p = plan_sweep(s);
  EXPECT_EQ(p.expanded, 3u * 2 * 2 * 2);
  // rows x cols <= 256 drops only 32x16: 5 of 6.
  EXPECT_EQ(p.points.size(), 5u * 2 * 2);
  EXPECT_EQ(p.columns, (std::vector<std::string>{
                           "hardware.pe_array.rows", "hardware.pe_array.cols", "workload.precision",
                           "workload.batch", "hardware.buffers.0.size", "hardware.dram.channels"}));
  EXPECT_EQ(p.result_constraints, (std::vector<size_t>{1}));
  // First block outermost; a list point leaves keys it does not name empty.
  EXPECT_EQ(p.points[0].values, (std::vector<std::string>{"8", "8", "int8", "1", "64KiB", ""}));
  EXPECT_EQ(p.points[1].values, (std::vector<std::string>{"8", "8", "int8", "1", "1MiB", "1"}));
  EXPECT_EQ(p.points[2].values[2], "int4");
  EXPECT_EQ(p.points[2].values[3], "2");
  std::set<std::string> ids;
  for (const auto& pt : p.points) {
    EXPECT_TRUE(pt.error.empty()) << pt.error;
    EXPECT_EQ(pt.id.size(), 16u);
    ids.insert(pt.id);
  }
  EXPECT_EQ(ids.size(), p.points.size()) << "distinct configs have distinct ids";
  // The same file plans to the same ids.
  EXPECT_EQ(plan_sweep(s).points[5].id, p.points[5].id);
}

TEST(SweepPlan, RandomIsSeededAndInRange) {
  const std::string b2 = R"(  axes:
    - random:
        samples: 40
        seed: 7
        keys:
          hardware.pe_array.rows: {choice: [8, 16, 32]}
          hardware.buffers.0.size: {pow2: [64KiB, 4MiB]}
          hardware.vector_unit.lanes: {int: [4, 64]}
          hardware.pe_array.efficiency: {uniform: [0.6, 0.9]}
)";
  SweepPlan a = plan_sweep(load_sweep(sweep_file(b2))), b = plan_sweep(load_sweep(sweep_file(b2)));
  ASSERT_EQ(a.points.size(), 40u);
  std::set<std::string> rows, sizes;
  for (size_t i = 0; i < a.points.size(); ++i) {
    EXPECT_EQ(a.points[i].values, b.points[i].values) << "same seed, same samples";
    rows.insert(a.points[i].values[0]);
    sizes.insert(a.points[i].values[1]);
    const double lanes = std::stod(a.points[i].values[2]), x = std::stod(a.points[i].values[3]);
    EXPECT_GE(lanes, 4);
    EXPECT_LE(lanes, 64);
    EXPECT_EQ(lanes, std::floor(lanes));
    EXPECT_GE(x, 0.6);
    EXPECT_LE(x, 0.9);
  }
  EXPECT_EQ(rows, (std::set<std::string>{"8", "16", "32"}));
  for (const auto& s : sizes)
    EXPECT_TRUE(
        std::set<std::string>({"64KiB", "128KiB", "256KiB", "512KiB", "1MiB", "2MiB", "4MiB"})
            .count(s))
        << s;
}

TEST(SweepPlan, ShardsPartitionTheDistinctPoints) {
  SweepPlan p = plan_sweep(load_sweep(sweep_file(R"(  axes:
    - grid: {hardware.pe_array.rows: [8, 16, 32, 64, 128], workload.batch: [1, 2]}
)")));
  std::multiset<std::string> all;
  for (size_t i = 0; i < 3; ++i)
    for (const auto& id : shard_ids(p, i, 3)) all.insert(id);
  EXPECT_EQ(all.size(), p.points.size());
  std::set<std::string> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), p.points.size());
  EXPECT_EQ(shard_ids(p, 1, 3), shard_ids(p, 1, 3));
  EXPECT_EQ(shard_ids(p, 0, 1).size(), p.points.size());
}

// A value the schema rejects fails that point only; the sweep plans the others.
TEST(SweepPlan, BadCombinationIsAFailedPoint) {
  SweepPlan p = plan_sweep(load_sweep(sweep_file(R"(  axes:
    - grid: {hardware.pe_array.rows: [16, -3]}
)")));
  ASSERT_EQ(p.points.size(), 2u);
  EXPECT_TRUE(p.points[0].error.empty());
  EXPECT_NE(p.points[1].error.find("hardware.pe_array.rows"), std::string::npos)
      << p.points[1].error;
}

TEST(SweepFile, ErrorsNameFileLineAndKey) {
  struct Case {
    std::string body, expect;
  };
  const std::vector<Case> cases = {
      {"  axes:\n    - grid: {hardware.pe_array.rowz: [8, 16]}\n",
       "hardware.pe_array.rowz: not a config key"},
      {"  axes:\n    - grid: {}\n", "empty grid"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: []}\n", "empty list"},
      {"  axes: []\n", "at least one axis block"},
      {"  axes:\n    - zip: {hardware.pe_array.rows: [8, 16], hardware.pe_array.cols: [8]}\n",
       "equal lengths"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  constraints: [\"rows_total < 3\"]\n",
       "unknown name 'rows_total'"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  constraints: [\"1 +\"]\n",
       "unexpected end"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  derived: {x: \"latency * 2\"}\n",
       "unknown name 'latency'"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  fronts: [\"latency_s:min, "
       "bound:max\"]\n",
       "'bound' is not a numeric"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  colour: red\n",
       "colour: unknown key"},
      {"  axes:\n    - cube: {hardware.pe_array.rows: [8]}\n", "cube: unknown key"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n    - grid: {hardware.pe_array.rows: "
       "[16]}\n",
       "swept by two axis blocks"},
      {"  axes:\n    - random: {samples: 0, keys: {hardware.pe_array.rows: {choice: [8]}}}\n",
       "samples"},
      {"  axes:\n    - random: {samples: 3, keys: {hardware.pe_array.rows: {gauss: [8, 9]}}}\n",
       "gauss: unknown key"},
      {"  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  timeout: 10\n", "timeout"},
  };
  for (const auto& c : cases) {
    const std::string e = load_error(c.body);
    EXPECT_NE(e.find(c.expect), std::string::npos) << "for:\n" << c.body << "got: " << e;
    EXPECT_NE(e.find(".yaml:"), std::string::npos) << "names the file and line: " << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
}
