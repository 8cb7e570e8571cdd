// Config system: includes, overrides, strict schemas and error messages with file, line, key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "models/config/schema.h"
#include "sim/config/config_tree.h"
#include "sim/config/run_config.h"

using namespace tessera;

namespace {

std::string tmp_file(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / "tessera-config-test";
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p) << text;
  return p.string();
}

std::string config_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError";
  return "";
}

LoadedRun load_with(const std::vector<std::string>& sets, const std::string& hw = "") {
  RunInputs in;
  in.sets = sets;
  in.hw_file = hw;
  return load_run(in);
}

}  // namespace

TEST(Config, EmbeddedDefaultLoads) {
  LoadedRun r = load_with({});
  EXPECT_EQ(r.spec.hardware.name, "edge-npu");
  EXPECT_EQ(r.spec.workload.model, "resnet50");
  EXPECT_EQ(r.spec.hardware.pe_array.rows, 32);
  EXPECT_DOUBLE_EQ(r.spec.hardware.clock_hz, 1e9);
  EXPECT_EQ(r.spec.technology.node, "45nm");
}

TEST(Config, SetOverridesAValue) {
  LoadedRun r =
      load_with({"hardware.pe_array.rows=64", "hardware.pe_array.dataflow=os", "workload.batch=4"});
  EXPECT_EQ(r.spec.hardware.pe_array.rows, 64);
  EXPECT_EQ(r.spec.hardware.pe_array.dataflow, Dataflow::OS);
  EXPECT_EQ(r.spec.workload.batch, 4);
  // The resolved tree shows the override.
  EXPECT_EQ(find_path(r.resolved, "hardware.pe_array.rows")->value(), "64");
}

TEST(Config, DefaultsAreWrittenIntoTheResolvedTree) {
  LoadedRun r = load_with({});
  const ConfigNode* q = find_path(r.resolved, "simulation.dma_quantum");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->value(), "250ns");  // the struct's default, written back as text
  EXPECT_NE(to_yaml(r.resolved).find("dma_quantum"), std::string::npos);
}

TEST(Config, SetReachesListElements) {
  LoadedRun r = load_with({"hardware.buffers.0.size=2MiB"});
  EXPECT_EQ(r.spec.hardware.buffers[0].size, 2u * 1024 * 1024);
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  std::string f = tmp_file("unknown.yaml",
                           "include: " + std::string(TESSERA_SOURCE_DIR) +
                               "/configs/hw/edge-npu.yaml\nhardware:\n  pe_array:\n    rowz: 3\n");
  std::string msg = config_error([&] {
    RunInputs in;
    in.run_file = f;
    load_run(in);
  });
  EXPECT_NE(msg.find(f + ":4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("hardware.pe_array.rowz"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key"), std::string::npos) << msg;
}

TEST(Config, UnknownKeyFromSetIsNamed) {
  std::string msg = config_error([] { load_with({"hardware.pe_array.colz=3"}); });
  EXPECT_NE(msg.find("--set: hardware.pe_array.colz: unknown key"), std::string::npos) << msg;
}

TEST(Config, WrongUnitIsAnError) {
  std::string msg = config_error([] { load_with({"hardware.clock=1GB"}); });
  EXPECT_NE(msg.find("hardware.clock"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown unit 'GB'"), std::string::npos) << msg;
}

TEST(Config, BareNumberWhereUnitRequired) {
  std::string msg = config_error([] { load_with({"hardware.dram.bandwidth=17"}); });
  EXPECT_NE(msg.find("missing unit"), std::string::npos) << msg;
}

TEST(Config, OutOfRangeAndWrongType) {
  EXPECT_NE(config_error([] { load_with({"hardware.pe_array.rows=0"}); }).find("out of range"),
            std::string::npos);
  EXPECT_NE(config_error([] { load_with({"hardware.pe_array.rows=-4"}); }).find("out of range"),
            std::string::npos);
  EXPECT_NE(config_error([] { load_with({"hardware.pe_array.rows=big"}); }).find("whole number"),
            std::string::npos);
  EXPECT_NE(config_error([] { load_with({"hardware.buffers.0.size=0B"}); }).find("at least"),
            std::string::npos);
  EXPECT_NE(
      config_error([] { load_with({"hardware.pe_array.dataflow=xs"}); }).find("expected one of"),
      std::string::npos);
  EXPECT_NE(config_error([] { load_with({"hardware.pe_array=5"}); }).find("expected a section"),
            std::string::npos);
}

TEST(Config, YamlSyntaxErrorHasLine) {
  std::string f = tmp_file("syntax.yaml", "hardware:\n  name: x\n  clock: [1GHz\n");
  std::string msg = config_error([&] { load_config_file(f); });
  EXPECT_NE(msg.find(f + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("YAML syntax error"), std::string::npos) << msg;
}

TEST(Config, DuplicateKeyIsAnError) {
  std::string f = tmp_file("dup.yaml", "hardware:\n  name: a\n  name: b\n");
  std::string msg = config_error([&] { load_config_file(f); });
  EXPECT_NE(msg.find(":3: hardware.name: duplicate key"), std::string::npos) << msg;
}

TEST(Config, IncludeCycleAndMissingInclude) {
  std::string a = tmp_file("cycle_a.yaml", "include: cycle_b.yaml\n");
  tmp_file("cycle_b.yaml", "include: cycle_a.yaml\n");
  EXPECT_NE(config_error([&] { load_config_file(a); }).find("include cycle"), std::string::npos);
  std::string m = tmp_file("missing_inc.yaml", "include: nowhere.yaml\n");
  std::string msg = config_error([&] { load_config_file(m); });
  EXPECT_NE(msg.find(m + ":1: include"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;
}

TEST(Config, MissingFile) {
  EXPECT_NE(config_error([] { load_config_file("/nonexistent/x.yaml"); }).find("file not found"),
            std::string::npos);
}

TEST(Config, IncludeMergesAndLocalKeysWin) {
  tmp_file("base.yaml", "a:\n  x: 1\n  y: 2\n");
  std::string top = tmp_file("top.yaml", "include: base.yaml\na:\n  y: 3\n");
  ConfigNode n = load_config_file(top);
  EXPECT_EQ(find_path(n, "a.x")->value(), "1");
  EXPECT_EQ(find_path(n, "a.y")->value(), "3");
}

TEST(Config, HardwareFileReplacesSections) {
  LoadedRun r = load_with({}, std::string(TESSERA_SOURCE_DIR) + "/configs/hw/cloud-npu.yaml");
  EXPECT_EQ(r.spec.hardware.name, "cloud-npu");
  EXPECT_EQ(r.spec.hardware.pe_array.arrays, 4);
  EXPECT_EQ(r.spec.workload.model, "resnet50");  // kept from the default run
}

TEST(Config, CrossFieldChecks) {
  EXPECT_NE(config_error([] {
              load_with({"hardware.pe_array.native_precision=fp8"});
            }).find("not listed"),
            std::string::npos);
  EXPECT_NE(config_error([] {
              load_with({"hardware.buffers.0.holds=[inputs]"});
            }).find("exactly one buffer"),
            std::string::npos);
  EXPECT_NE(config_error([] { load_with({"workload.precision=int3"}); }).find("unknown precision"),
            std::string::npos);
  EXPECT_NE(config_error([] {
              load_with({"hardware.dram.technology=sdram"});
            }).find("unknown technology"),
            std::string::npos);
}

TEST(Config, DescribeListsEveryKey) {
  const SchemaBase* s = SchemaRegistry::instance().find("pe_array");
  ASSERT_NE(s, nullptr);
  std::ostringstream os;
  s->describe(os);
  for (const char* key : {"rows", "cols", "dataflow", "macs_per_cycle", "weight_preload"})
    EXPECT_NE(os.str().find(key), std::string::npos) << key;
  for (const char* comp :
       {"hardware", "dram", "buffer", "dma", "vector_unit", "technology", "workload", "simulation"})
    EXPECT_NE(SchemaRegistry::instance().find(comp), nullptr) << comp;
}
