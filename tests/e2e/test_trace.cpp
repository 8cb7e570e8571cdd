// Traces and the HTML report through the whole tool: every shipped configuration writes a trace the
// validator accepts at every level, the busy time per block in the trace equals the report's busy
// cycles, every chart of the HTML report has content, and bad trace options are one-line errors
// that leave no file behind. The headless-browser checks (label "browser") are in
// test_trace_browser.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

// Runs tessera with a trace and returns the `trace-check` outcome.
Outcome traced_run(const std::vector<std::string>& run_args, const std::string& trace) {
  std::vector<std::string> a = {"run"};
  a.insert(a.end(), run_args.begin(), run_args.end());
  const std::string out = temp_dir("out");
  a.insert(a.end(), {"--out", out, "--trace", trace});
  Outcome r = run_tessera(a);
  fs::remove_all(out);
  EXPECT_EQ(r.status, 0) << r.err;
  return run_tessera({"trace-check", trace});
}

void expect_valid(const std::vector<std::string>& run_args, const std::string& level,
                  const std::string& name) {
  const std::string dir = temp_dir("trace");
  const std::string trace = dir + "/" + name + (level == "packet" ? ".json.gz" : ".json");
  std::vector<std::string> a = run_args;
  a.insert(a.end(), {"--trace-level", level});
  Outcome check = traced_run(a, trace);
  EXPECT_EQ(check.status, 0) << name << " at " << level << ": " << check.out << check.err;
  EXPECT_NE(check.out.find("ok:"), std::string::npos) << check.out;
  fs::remove_all(dir);
}

}  // namespace

// One test per shipped chip so CTest spreads them over the cores.
class TraceShippedChip : public ::testing::TestWithParam<std::string> {};

TEST_P(TraceShippedChip, ValidAtEveryLevel) {
  const std::string hw = GetParam();
  for (const char* level : {"layer", "command", "packet"})
    expect_valid({"--hw", hw, "--model", "resnet18", "--set", "simulation.dram=bank"}, level,
                 fs::path(hw).stem().string());
}

INSTANTIATE_TEST_SUITE_P(Shipped, TraceShippedChip,
                         ::testing::ValuesIn(shipped_configs("configs/hw")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = fs::path(info.param).stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(TraceShipped, EveryClusterConfigBenchmarkAndTraining) {
  for (const auto& cl : shipped_configs("configs/clusters")) {
    const std::string stem = fs::path(cl).stem().string();
    expect_valid(
        {"--hw", cl, "--model", "allreduce:bytes=1MiB", "--set", "simulation.network=packet"},
        "packet", stem + "-packet");
    expect_valid({"--hw", cl, "--model", "allreduce:bytes=1MiB"}, "command", stem + "-analytical");
  }
  // A training step with pipeline, tensor and data parallelism: stage processes and send flows.
  expect_valid(
      {"--hw", source_path("configs/clusters/ring-8.yaml"), "--model", "gpt2_small", "--batch", "4",
       "--set", "workload.mode=training", "--set", "cluster.parallelism.pp=2", "--set",
       "cluster.parallelism.tp=2", "--set", "cluster.parallelism.microbatches=4"},
      "command", "ring-8-training");
}

// The trace's busy slices (arguments carry the cycle count) add up, block by block, to the
// report's busy cycles: PE array (tid 1000k+1), vector unit (1000k+2), DMA lanes (1000k+10+l).
TEST(TraceTotals, BusyCyclesPerBlockEqualTheReport) {
  for (const char* hw : {"configs/hw/edge-npu.yaml", "configs/hw/manycore-npu.yaml"}) {
    const std::string dir = temp_dir("totals");
    const std::string trace = dir + "/t.json";
    auto report = run_json({"--hw", source_path(hw), "--model", "resnet18", "--trace", trace});
    ASSERT_TRUE(report.contains("blocks")) << hw;
    auto t = nlohmann::json::parse(read_file(trace));
    std::map<std::string, uint64_t> busy;  // report block name -> cycles
    for (const auto& e : t["traceEvents"]) {
      if (e["ph"] != "X" || e["pid"] != 1 || e["cat"] == "stall" || e["cat"] == "layer") continue;
      const int tid = e["tid"];
      if (tid < 1 || tid >= 900000) continue;
      const int core = tid / 1000, unit = tid % 1000;
      const std::string kind = unit == 1 ? "pe_array" : unit == 2 ? "vector_unit" : "dma";
      busy["chip.core[" + std::to_string(core) + "]." + kind] +=
          e["args"]["cycles"].get<uint64_t>();
    }
    int compared = 0;
    for (const auto& b : report["blocks"]) {
      const std::string kind = b["kind"];
      if (kind != "pe_array" && kind != "vector_unit" && kind != "dma") continue;
      EXPECT_EQ(busy[b["name"]], b["busy_cycles"].get<uint64_t>()) << hw << " " << b["name"];
      ++compared;
    }
    EXPECT_GE(compared, 3) << hw;
    fs::remove_all(dir);
  }
}

// Link utilization counters (fraction busy per window) integrate to each link's busy time in
// the report, and contended links get queue-occupancy counters.
TEST(TraceTotals, LinkUtilizationCountersEqualLinkBusyTime) {
  const std::string dir = temp_dir("links");
  const std::string trace = dir + "/t.json";
  auto report = run_json({"--hw", source_path("configs/clusters/switch-8.yaml"), "--model",
                          "alltoall:bytes=1MiB", "--set", "simulation.network=packet", "--trace",
                          trace, "--trace-level", "packet"});
  ASSERT_TRUE(report.contains("links"));
  auto t = nlohmann::json::parse(read_file(trace));
  std::map<std::string, std::vector<std::pair<double, double>>>
      samples;  // link -> (ts us, fraction)
  int queue_counters = 0;
  for (const auto& e : t["traceEvents"]) {
    if (e["ph"] != "C") continue;
    const std::string name = e["name"];
    if (name.rfind("utilization ", 0) == 0)
      samples[name.substr(12)].push_back(
          {e["ts"].get<double>(), e["args"]["fraction"].get<double>()});
    if (name.rfind("queue ", 0) == 0) ++queue_counters;
  }
  EXPECT_GT(queue_counters, 0);
  int compared = 0;
  for (const auto& l : report["links"]) {
    const double busy_us = l["busy_s"].get<double>() * 1e6;
    if (busy_us == 0) continue;
    const auto& v = samples[l["name"]];
    ASSERT_GE(v.size(), 2u) << l["name"];
    double integral = 0;
    for (size_t i = 0; i + 1 < v.size(); ++i)
      integral += (v[i + 1].first - v[i].first) * v[i].second;
    EXPECT_NEAR(integral, busy_us, busy_us * 1e-6) << l["name"];
    ++compared;
  }
  EXPECT_GE(compared, 8);
  fs::remove_all(dir);
}

TEST(TraceLimits, EventLimitAndWindowAreHonouredAndMarked) {
  const std::string dir = temp_dir("limits");
  const std::string hw = source_path("configs/hw/edge-npu.yaml");
  Outcome check = traced_run({"--hw", hw, "--model", "resnet18", "--trace-max-events", "500"},
                             dir + "/cut.json");
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("truncated"), std::string::npos) << check.out;
  auto cut = nlohmann::json::parse(read_file(dir + "/cut.json"));
  EXPECT_TRUE(cut["otherData"]["truncated"].get<bool>());
  EXPECT_LE(cut["traceEvents"].size(), 500u + 200u);  // the limit plus metadata and the note

  check = traced_run({"--hw", hw, "--model", "resnet18", "--trace-window", "100us:200us"},
                     dir + "/win.json");
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  auto win = nlohmann::json::parse(read_file(dir + "/win.json"));
  int x = 0;
  for (const auto& e : win["traceEvents"]) {
    if (e["ph"] != "X") continue;
    ++x;
    EXPECT_LE(e["ts"].get<double>(), 200.0);
    EXPECT_GE(e["ts"].get<double>() + e["dur"].get<double>(), 100.0);
  }
  EXPECT_GT(x, 0);
  fs::remove_all(dir);
}

TEST(TraceBadInput, OneLineErrorsAndNoFileLeft) {
  const std::string dir = temp_dir("bad");
  const std::string hw = source_path("configs/hw/edge-npu.yaml");
  struct Case {
    std::vector<std::string> args;
    std::string expect;
    std::string file;
  };
  const std::vector<Case> cases = {
      {{"--trace", dir + "/t.json", "--trace-level", "cycle"},
       "unknown trace level",
       dir + "/t.json"},
      {{"--trace", dir + "/no/such/dir/t.json"}, "cannot write trace", dir + "/no/such/dir/t.json"},
      {{"--trace", dir + "/w.json", "--trace-window", "5us:1us"},
       "--trace-window",
       dir + "/w.json"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> a = {"run", "--hw", hw, "--model", "resnet18", "--out", dir + "/out"};
    a.insert(a.end(), c.args.begin(), c.args.end());
    Outcome r = run_tessera(a);
    EXPECT_NE(r.status, 0) << c.expect;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(c.file)) << c.file;
    EXPECT_FALSE(fs::exists(c.file + ".partial")) << c.file;
  }
  // A full disk, simulated by a file-size limit on the child: the error names the trace and
  // neither the trace nor its partial file remains.
  Outcome full = run_tessera(
      {"run", "--hw", hw, "--model", "resnet50", "--out", "", "--trace", dir + "/full.json"},
      200 * 1024);
  EXPECT_NE(full.status, 0);
  EXPECT_NE(full.err.find("cannot write trace"), std::string::npos) << full.err;
  EXPECT_FALSE(fs::exists(dir + "/full.json"));
  EXPECT_FALSE(fs::exists(dir + "/full.json.partial"));
  // trace-check on a broken file.
  write_file(dir + "/broken.json",
             "{\"traceEvents\":[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":-2}]}");
  Outcome bad = run_tessera({"trace-check", dir + "/broken.json"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("non-negative duration"), std::string::npos) << bad.out << bad.err;
  fs::remove_all(dir);
}

// Every chart of the HTML report carries data marks; the file is self-contained.
TEST(HtmlReport, EveryChartHasContentAndNothingIsFetched) {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> charts;
  };
  const std::vector<Case> cases = {
      {{"--hw", source_path("configs/hw/edge-npu.yaml"), "--model", "resnet18"},
       {"layer-time", "roofline", "energy", "power"}},
      {{"--hw", source_path("configs/clusters/ring-8.yaml"), "--model", "gpt2_small", "--batch",
        "4", "--set", "workload.mode=training", "--set", "cluster.parallelism.pp=2", "--set",
        "cluster.parallelism.microbatches=4"},
       {"link-heatmap", "collectives", "stages", "layer-time", "roofline", "energy"}},
  };
  for (const auto& c : cases) {
    const std::string dir = temp_dir("html");
    std::vector<std::string> a = c.args;
    a.insert(a.end(), {"--html", dir + "/report.html"});
    run_json(a);
    const std::string html = read_file(dir + "/report.html");
    ASSERT_FALSE(html.empty());
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_NE(html.find("prefers-color-scheme: dark"), std::string::npos);
    const auto marks = chart_marks(html);
    for (const auto& [id, n] : marks) EXPECT_GT(n, 0) << "empty chart " << id;
    for (const auto& id : c.charts) EXPECT_TRUE(marks.count(id)) << "missing chart " << id;
    fs::remove_all(dir);
  }
}

// scripts/view_trace.sh refuses what it cannot show, in one line, before installing or opening
// anything.
TEST(TraceBadInput, ViewerScriptRejectsBadArguments) {
  const std::string dir = temp_dir("view");
  write_file(dir + "/t.json.partial", "{\"traceEvents\":[");
  struct Case {
    std::string args, expect;
  };
  for (const Case& c :
       std::vector<Case>{{dir + "/missing.json", "cannot read trace"},
                         {dir + "/t.json.partial", "unfinished trace"},
                         {"--colour " + dir + "/t.json.partial", "unknown option '--colour'"},
                         {"", "usage:"}}) {
    const std::string err = dir + "/err";
    const int rc =
        std::system((source_path("scripts/view_trace.sh") + " " + c.args + " 2> " + err).c_str());
    EXPECT_NE(rc, 0) << c.args;
    const std::string text = read_file(err);
    EXPECT_NE(text.find(c.expect), std::string::npos) << c.args << ": " << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  }
  fs::remove_all(dir);
}
