// The trace writer and the trace validator without a simulation: what the writer emits is valid,
// gzip round-trips, the window and the event limit cut as documented, a failing disk leaves no
// file that looks complete, and hand-made broken traces are rejected for the right reason.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "traces/busy_windows.h"
#include "traces/trace_validator.h"
#include "traces/trace_writer.h"

using namespace tessera;
namespace fs = std::filesystem;

namespace {

std::string temp_path(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("tessera-trace-unit-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return (dir / name).string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A small trace with every kind of event the simulator writes.
void write_sample(TraceWriter& w, int commands) {
  w.process(1, "chip", 1);
  w.thread(1, 1, "PE array", 1);
  w.thread(1, 10, "DMA channel 0", 2);
  for (int i = 0; i < commands; ++i) {
    const double t = i * 1e-6;
    w.complete(1, 10, "load", "load", t, 0.4e-6, {{"bytes", uint64_t{4096}}, {"layer", "conv1"}});
    w.complete(1, 1, "conv1", "compute", t + 0.4e-6, 0.5e-6,
               {{"cycles", uint64_t{600}}, {"precision", "int8"}});
    w.counter(1, "DRAM bandwidth (GB/s)", t, {{"read", 12.5}, {"write", 3.0}});
  }
  w.flow(7, "send", 1, 10, 0.1e-6, 1, 1, 0.5e-6);
  w.instant(1, 1, "marker \"quoted\"\n", 0);
}

TraceCheck check(const std::string& text) {
  return validate_trace_text(text);
}

std::string with_events(const std::string& events) {
  return R"({"traceEvents":[{"ph":"M","name":"process_name","pid":1,"args":{"name":"chip"}},)"
         R"({"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"PE"}},)" +
         events + "]}";
}

}  // namespace

// The writer's temporary: a fresh file of this process beside the trace.
std::string partial_of(const std::string& path) {
  return path + ".partial." + std::to_string(getpid());
}

TEST(TraceWriter, WritesAValidTraceAndRenamesThePartialFile) {
  TraceOptions o;
  o.path = temp_path("sample.json");
  {
    TraceWriter w(o);
    write_sample(w, 10);
    EXPECT_TRUE(fs::exists(partial_of(o.path)));
    EXPECT_FALSE(fs::exists(o.path));
    w.finish();
  }
  EXPECT_FALSE(fs::exists(partial_of(o.path)));
  TraceCheck c = validate_trace_file(o.path);
  EXPECT_TRUE(c.ok()) << (c.problems.empty() ? "" : c.problems[0]);
  EXPECT_FALSE(c.truncated);
  auto root = nlohmann::json::parse(slurp(o.path));
  int x = 0, counters = 0;
  for (const auto& e : root["traceEvents"]) {
    if (e["ph"] == "X") {
      ++x;
      EXPECT_GE(e["dur"].get<double>(), 0);
    }
    if (e["ph"] == "C") ++counters;
  }
  EXPECT_EQ(x, 20);
  EXPECT_EQ(counters, 10);
  // Microseconds on the time axis.
  EXPECT_DOUBLE_EQ(root["traceEvents"].back()["ts"].get<double>(), 0.0);
}

TEST(TraceWriter, GzipRoundTrips) {
  TraceOptions o;
  o.path = temp_path("sample.json.gz");
  {
    TraceWriter w(o);
    write_sample(w, 1000);
    w.finish();
  }
  const std::string raw = slurp(o.path);
  ASSERT_GE(raw.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(raw[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(raw[1]), 0x8b);
  TraceCheck c = validate_trace_file(o.path);
  EXPECT_TRUE(c.ok()) << (c.problems.empty() ? "" : c.problems[0]);
  EXPECT_EQ(c.events,
            3003u);  // 3 per command, the flow pair and the instant (metadata not counted)
}

TEST(TraceWriter, EventLimitCutsTheTraceAndSaysSo) {
  TraceOptions o;
  o.path = temp_path("limited.json");
  o.max_events = 50;
  {
    TraceWriter w(o);
    write_sample(w, 100);
    EXPECT_TRUE(w.truncated());
    w.finish();
  }
  TraceCheck c = validate_trace_file(o.path);
  EXPECT_TRUE(c.ok()) << (c.problems.empty() ? "" : c.problems[0]);
  EXPECT_TRUE(c.truncated);
  auto root = nlohmann::json::parse(slurp(o.path));
  EXPECT_TRUE(root["otherData"]["truncated"].get<bool>());
  bool note = false;
  for (const auto& e : root["traceEvents"])
    if (e["ph"] == "i" && e["pid"] == TraceWriter::kNotesPid &&
        e["name"].get<std::string>().find("trace truncated") != std::string::npos)
      note = true;
  EXPECT_TRUE(note) << "the cut is marked in the timeline itself";
}

TEST(TraceWriter, WindowKeepsOnlyOverlappingEvents) {
  TraceOptions o;
  o.path = temp_path("window.json");
  o.window_start_s = 10e-6;
  o.window_end_s = 20e-6;
  {
    TraceWriter w(o);
    write_sample(w, 100);
    w.finish();
  }
  auto root = nlohmann::json::parse(slurp(o.path));
  int x = 0;
  for (const auto& e : root["traceEvents"]) {
    if (e["ph"] != "X") continue;
    ++x;
    const double ts = e["ts"], dur = e["dur"];
    EXPECT_LE(ts, 20.0);
    EXPECT_GE(ts + dur, 10.0);
  }
  EXPECT_GT(x, 0);
  EXPECT_LT(x, 200);
}

TEST(TraceWriter, UnwritablePathIsAOneLineError) {
  TraceOptions o;
  o.path = "/nonexistent-dir/t.json";
  try {
    TraceWriter w(o);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("/nonexistent-dir/t.json"), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}

// A full disk, simulated with a file-size limit: the write fails, the error is one line, and
// neither the trace nor its partial file remains.
TEST(TraceWriter, FullDiskRemovesThePartialFile) {
  for (const char* name : {"full.json", "full.json.gz"}) {
    TraceOptions o;
    o.path = temp_path(name);
    rlimit old{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 64 * 1024;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    std::string error;
    try {
      TraceWriter w(o);
      write_sample(w, 200000);
      w.finish();
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_NE(error.find("cannot write trace"), std::string::npos) << name << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
    EXPECT_FALSE(fs::exists(o.path)) << name;
    EXPECT_FALSE(fs::exists(partial_of(o.path))) << name;
  }
}

TEST(TraceWriter, AbandonedWriterLeavesNothing) {
  TraceOptions o;
  o.path = temp_path("abandoned.json");
  {
    TraceWriter w(o);
    write_sample(w, 10);
  }  // no finish(): as when the simulation throws
  EXPECT_FALSE(fs::exists(o.path));
  EXPECT_FALSE(fs::exists(partial_of(o.path)));
}

TEST(TraceWriter, ParsesLevels) {
  TraceLevel l;
  EXPECT_TRUE(parse_trace_level("layer", &l));
  EXPECT_EQ(l, TraceLevel::Layer);
  EXPECT_TRUE(parse_trace_level("packet", &l));
  EXPECT_EQ(l, TraceLevel::Packet);
  EXPECT_FALSE(parse_trace_level("cycle", &l));
}

TEST(TraceValidator, AcceptsAMinimalTrace) {
  TraceCheck c = check(with_events(R"({"ph":"X","pid":1,"tid":1,"name":"a","ts":0,"dur":1})"));
  EXPECT_TRUE(c.ok()) << (c.problems.empty() ? "" : c.problems[0]);
}

// Each hand-made broken trace and a word its rejection must contain.
TEST(TraceValidator, RejectsBrokenTraces) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"traceEvents\": [", "JSON"},
      {"[]", "traceEvents"},
      {with_events(R"({"ph":"Q","pid":1,"tid":1,"name":"a","ts":0})"), "phase"},
      {with_events(R"({"ph":"X","pid":1,"tid":1,"name":"a","ts":"zero","dur":1})"), "timestamp"},
      {with_events(R"({"ph":"X","pid":1,"tid":1,"name":"a","ts":0,"dur":-1})"), "dur"},
      {with_events(R"({"ph":"X","pid":1,"tid":1,"name":"a","ts":0})"), "dur"},
      {with_events(R"({"ph":"B","pid":1,"tid":1,"name":"a","ts":0})"), "begin without end"},
      {with_events(R"({"ph":"E","pid":1,"tid":1,"ts":3})"), "end without begin"},
      {with_events(R"({"ph":"X","pid":2,"tid":1,"name":"a","ts":0,"dur":1})"), "process"},
      {with_events(R"({"ph":"X","pid":1,"tid":9,"name":"a","ts":0,"dur":1})"), "thread"},
      {with_events(R"({"ph":"C","pid":1,"tid":0,"name":"bw","ts":0,"args":{"gbps":"fast"}})"),
       "counter"},
      {with_events(R"({"ph":"s","pid":1,"tid":1,"name":"f","cat":"flow","id":3,"ts":0})"), "flow"},
  };
  for (const auto& [text, word] : cases) {
    TraceCheck c = check(text);
    ASSERT_FALSE(c.ok()) << "accepted: " << text;
    std::string all;
    for (const auto& p : c.problems) all += p + "; ";
    EXPECT_NE(all.find(word), std::string::npos) << "for " << text << " got: " << all;
  }
}

// Busy time lands in the right windows, and coarsening (a run longer than the windows cover)
// keeps every second of it.
TEST(BusyWindows, KeepsBusyTimeThroughCoarsening) {
  BusyWindows b(2, 4, 1.0);
  b.add(0, 0.5, 2.5);  // windows 0..2 of width 1
  EXPECT_DOUBLE_EQ(b.busy_s(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(b.busy_s(0, 1), 1.0);
  EXPECT_DOUBLE_EQ(b.busy_s(0, 2), 0.5);
  EXPECT_EQ(b.windows_used(), 3u);
  EXPECT_FALSE(b.used(1));
  b.add(1, 6.0, 7.0);  // past 4 windows of 1 s: width becomes 2
  EXPECT_DOUBLE_EQ(b.width_s(), 2.0);
  EXPECT_DOUBLE_EQ(b.busy_s(0, 0), 1.5);
  EXPECT_DOUBLE_EQ(b.busy_s(0, 1), 0.5);
  EXPECT_DOUBLE_EQ(b.busy_s(1, 3), 1.0);
  EXPECT_EQ(b.windows_used(), 4u);
  double total = 0;
  for (size_t w = 0; w < 4; ++w) total += b.busy_s(0, w) + b.busy_s(1, w);
  EXPECT_DOUBLE_EQ(total, 3.0);
}
