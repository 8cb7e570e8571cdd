// Sweeps through the whole tool: rows equal standalone runs byte for byte, --jobs does not change
// results, a killed sweep resumes without running a finished point twice, the report marks the
// fronts and draws them, and bad input is a one-line error that writes nothing. The Slurm path
// is in test_sweep_slurm.cpp (label "slurm").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

const std::string kTiny = "tests/data/sweeps/tiny.yaml";
const std::string kResume = "tests/data/sweeps/resume.yaml";

Outcome sweep(const std::vector<std::string>& args) {
  std::vector<std::string> a = {"sweep"};
  a.insert(a.end(), args.begin(), args.end());
  return run_tessera(a);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string l;
  while (std::getline(ss, l)) out.push_back(l);
  return out;
}

size_t finished_points(const std::string& dir) {
  size_t n = 0;
  if (!fs::exists(dir + "/points")) return 0;
  for (const auto& e : fs::directory_iterator(dir + "/points"))
    n += fs::exists(e.path() / "status.json");
  return n;
}

}  // namespace

// Each point's files equal those of `tessera run` with the same inputs, and the rows carry the
// report's numbers.
TEST(Sweep, RowsEqualStandaloneRunsByteForByte) {
  const std::string dir = temp_dir("sweep-rows") + "/out";
  Outcome r = sweep({source_path(kTiny), "--jobs", "2", "--out", dir});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("6 points, 6 ok"), std::string::npos) << r.out;
  auto results = nlohmann::json::parse(read_file(dir + "/results.json"));
  ASSERT_EQ(results["points"].size(), 6u);
  auto plan = nlohmann::json::parse(read_file(dir + "/plan.json"));
  for (const auto& p : plan["points"]) {
    const std::string id = p["id"];
    std::vector<std::string> a = {"run", "--hw", source_path("configs/hw/edge-npu.yaml")};
    for (const auto& s : p["sets"]) a.insert(a.end(), {"--set", s.get<std::string>()});
    const std::string alone = temp_dir("alone");
    a.insert(a.end(), {"--out", alone});
    Outcome one = run_tessera(a);
    ASSERT_EQ(one.status, 0) << one.err;
    for (const char* f : {"report.json", "layers.csv", "config.yaml"})
      EXPECT_EQ(read_file(alone + "/" + f), read_file(dir + "/points/" + id + "/" + f))
          << id << " " << f;
    auto report = nlohmann::json::parse(read_file(alone + "/report.json"));
    const auto& row = results["points"][p["index"].get<size_t>()];
    EXPECT_EQ(row["id"], id);
    EXPECT_EQ(row["status"], "ok");
    EXPECT_EQ(row["metrics"]["latency_s"].get<double>(),
              report["totals"]["latency_s"].get<double>());
    EXPECT_EQ(row["metrics"]["energy_j"].get<double>(), report["totals"]["energy_j"].get<double>());
    EXPECT_EQ(row["metrics"]["area_mm2"].get<double>(), report["totals"]["area_mm2"].get<double>());
    EXPECT_DOUBLE_EQ(row["derived"]["gmacs_per_s"].get<double>(),
                     report["totals"]["macs"].get<double>() *
                         report["totals"]["throughput_per_s"].get<double>() / 1e9);
    fs::remove_all(alone);
  }
  // The CSV: a header naming the swept keys, then one row per point in plan order.
  auto csv = lines(read_file(dir + "/results.csv"));
  ASSERT_EQ(csv.size(), 7u);
  EXPECT_EQ(
      csv[0].rfind("index,id,hardware.pe_array.rows,hardware.pe_array.cols,hardware.buffers.0.size,"
                   "hardware.dram.preset,status,latency_s,",
                   0),
      0u)
      << csv[0];
  EXPECT_NE(
      csv[0].find(
          ",gmacs_per_s,front:latency_s-vs-energy_j,front:throughput_per_s-vs-area_mm2,error"),
      std::string::npos);
  fs::remove_all(fs::path(dir).parent_path());
}

TEST(Sweep, ResultsDoNotDependOnJobs) {
  const std::string base = temp_dir("sweep-jobs");
  ASSERT_EQ(sweep({source_path(kTiny), "--jobs", "1", "--out", base + "/a"}).status, 0);
  ASSERT_EQ(sweep({source_path(kTiny), "--jobs", "3", "--out", base + "/b"}).status, 0);
  EXPECT_EQ(read_file(base + "/a/results.csv"), read_file(base + "/b/results.csv"));
  EXPECT_EQ(read_file(base + "/a/results.json"), read_file(base + "/b/results.json"));
  fs::remove_all(base);
}

// Kill -9 half way, then --resume: the results equal an uninterrupted sweep's, and no point
// that had finished before the kill runs again.
TEST(Sweep, KilledSweepResumesWithoutRerunningFinishedPoints) {
  const std::string base = temp_dir("sweep-resume");
  ASSERT_EQ(sweep({source_path(kResume), "--out", base + "/whole"}).status, 0);

  const std::string dir = base + "/cut";
  const pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(TESSERA_BIN, TESSERA_BIN, "sweep", source_path(kResume).c_str(), "--out", dir.c_str(),
          "--jobs", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished_points(dir) < 4 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  std::set<std::string> done_before;
  std::map<std::string, std::string> status_before;
  for (const auto& e : fs::directory_iterator(dir + "/points"))
    if (fs::exists(e.path() / "status.json")) {
      done_before.insert(e.path().filename().string());
      status_before[e.path().filename().string()] = read_file((e.path() / "status.json").string());
    }
  ASSERT_GE(done_before.size(), 4u);
  ASSERT_LT(done_before.size(), 12u) << "the sweep finished before it could be killed";
  EXPECT_FALSE(fs::exists(dir + "/results.csv")) << "a killed sweep writes no results";
  const size_t launched_before = lines(read_file(dir + "/launched.log")).size();

  // Without --resume the folder is refused; with it the rest runs.
  Outcome refused = sweep({source_path(kResume), "--out", dir});
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.err.find("--resume"), std::string::npos) << refused.err;
  Outcome resumed = sweep({source_path(kResume), "--out", dir, "--resume", "--jobs", "2"});
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(read_file(dir + "/results.csv"), read_file(base + "/whole/results.csv"));
  auto launched = lines(read_file(dir + "/launched.log"));
  for (size_t i = launched_before; i < launched.size(); ++i)
    EXPECT_FALSE(done_before.count(launched[i]))
        << "finished point " << launched[i] << " ran again";
  for (const auto& [id, text] : status_before)
    EXPECT_EQ(read_file(dir + "/points/" + id + "/status.json"), text);
  // A second --resume has nothing left to run.
  ASSERT_EQ(sweep({source_path(kResume), "--out", dir, "--resume"}).status, 0);
  EXPECT_EQ(lines(read_file(dir + "/launched.log")).size(), launched.size());
  fs::remove_all(base);
}

// Ctrl-C (SIGINT) stops cleanly: exit 130, results with the unfinished points pending.
TEST(Sweep, InterruptedSweepMarksPendingPoints) {
  const std::string dir = temp_dir("sweep-int") + "/out";
  const pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(TESSERA_BIN, TESSERA_BIN, "sweep", source_path(kResume).c_str(), "--out", dir.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished_points(dir) < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  auto r = nlohmann::json::parse(read_file(dir + "/results.json"));
  EXPECT_GT(r["counts"]["pending"].get<int>(), 0);
  EXPECT_EQ(r["counts"]["ok"].get<size_t>() + r["counts"]["pending"].get<size_t>(), 12u);
  fs::remove_all(fs::path(dir).parent_path());
}

// Shards run separately into one folder and merge into the same results as one local run.
TEST(Sweep, ShardsMergeToTheLocalResults) {
  const std::string base = temp_dir("sweep-shards");
  ASSERT_EQ(sweep({source_path(kTiny), "--out", base + "/local"}).status, 0);
  const std::string dir = base + "/sharded";
  Outcome early = sweep({source_path(kTiny), "--out", dir, "--shard", "0/3"});
  ASSERT_EQ(early.status, 0) << early.err;
  Outcome incomplete = sweep({"merge", dir});
  EXPECT_NE(incomplete.status, 0);
  EXPECT_NE(incomplete.err.find("have no result yet"), std::string::npos) << incomplete.err;
  for (const char* s : {"2/3", "1/3"})
    ASSERT_EQ(sweep({source_path(kTiny), "--out", dir, "--shard", s}).status, 0);
  Outcome merged = sweep({"merge", dir});
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_EQ(read_file(dir + "/results.csv"), read_file(base + "/local/results.csv"));
  fs::remove_all(base);
}

TEST(Sweep, ReportMarksAndDrawsTheFronts) {
  const std::string dir = temp_dir("sweep-report") + "/out";
  ASSERT_EQ(sweep({source_path(kTiny), "--out", dir}).status, 0);
  Outcome r = sweep({"report", dir, "--front", "latency_s:min,area_mm2:min", "--front",
                     "gmacs_per_s:max,energy_j:min"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto res = nlohmann::json::parse(read_file(dir + "/results.json"));
  // Recompute the first front from the metrics: a point is on it iff no other point is at least
  // as good in both and better in one.
  const auto& pts = res["points"];
  for (const auto& p : pts) {
    bool dominated = false;
    for (const auto& q : pts) {
      const double pl = p["metrics"]["latency_s"], pa = p["metrics"]["area_mm2"];
      const double ql = q["metrics"]["latency_s"], qa = q["metrics"]["area_mm2"];
      dominated = dominated || (ql <= pl && qa <= pa && (ql < pl || qa < pa));
    }
    EXPECT_EQ(p["fronts"]["latency_s-vs-area_mm2"].get<bool>(), !dominated) << p["id"];
  }
  const std::string csv = read_file(dir + "/results.csv");
  EXPECT_NE(csv.find("front:latency_s-vs-area_mm2,front:gmacs_per_s-vs-energy_j"),
            std::string::npos);
  const std::string html = read_file(dir + "/report/index.html");
  EXPECT_NE(html.find("data-chart=\"front-latency_s-vs-area_mm2\""), std::string::npos);
  EXPECT_NE(html.find("class=\"mark s2 point\""), std::string::npos) << "front points drawn";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  for (const char* f : {"latency_s-vs-area_mm2.svg", "gmacs_per_s-vs-energy_j.svg"}) {
    const std::string svg = read_file(dir + "/report/" + f);
    EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos) << f;
    EXPECT_NE(svg.find("<circle"), std::string::npos) << f;
  }
  if (std::system("command -v gnuplot >/dev/null 2>&1") == 0)
    EXPECT_GT(fs::file_size(dir + "/report/latency_s-vs-area_mm2.png"), 1000u);
  fs::remove_all(fs::path(dir).parent_path());
}

// A failing point is recorded with its error and the sweep goes on; so is a timeout.
TEST(Sweep, FailedAndTimedOutPointsAreRecorded) {
  const std::string base = temp_dir("sweep-fail");
  write_file(
      base + "/s.yaml",
      "sweep:\n  hw: " + source_path("configs/hw/edge-npu.yaml") +
          "\n  set: {workload.model: resnet18}\n  axes:\n"
          "    - grid: {hardware.buffers.0.size: [1KiB, 1MiB], hardware.pe_array.rows: [32, 0]}\n");
  Outcome r = sweep({base + "/s.yaml", "--out", base + "/out"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto res = nlohmann::json::parse(read_file(base + "/out/results.json"));
  std::map<std::string, std::string> by;  // "size rows" -> status
  for (const auto& p : res["points"])
    by[p["values"]["hardware.buffers.0.size"].get<std::string>() + " " +
       p["values"]["hardware.pe_array.rows"].get<std::string>()] =
        p["status"].get<std::string>() + ": " + p.value("error", "");
  EXPECT_EQ(by["1MiB 32"], "ok: ");
  EXPECT_NE(by["1KiB 32"].find("failed: tessera: mapping error"), std::string::npos)
      << by["1KiB 32"];
  EXPECT_NE(by["1MiB 0"].find("failed: "), std::string::npos) << by["1MiB 0"];
  EXPECT_NE(by["1MiB 0"].find("hardware.pe_array.rows"), std::string::npos) << by["1MiB 0"];

  Outcome t = sweep({base + "/s.yaml", "--out", base + "/slow", "--timeout", "1ms"});
  ASSERT_EQ(t.status, 0) << t.err;
  auto slow = nlohmann::json::parse(read_file(base + "/slow/results.json"));
  EXPECT_GT(slow["counts"]["timeout"].get<int>(), 0);
  fs::remove_all(base);
}

TEST(SweepBadInput, OneLineErrorsAndNothingWritten) {
  const std::string base = temp_dir("sweep-bad");
  auto file = [&](const std::string& name, const std::string& axes) {
    write_file(base + "/" + name,
               "sweep:\n  hw: " + source_path("configs/hw/edge-npu.yaml") + "\n" + axes);
    return base + "/" + name;
  };
  struct Case {
    std::vector<std::string> args;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {{file("nokey.yaml", "  axes:\n    - grid: {hardware.pe_array.rowz: [8]}\n")},
       "not a config key of the base run"},
      {{file("empty.yaml", "  axes:\n    - grid: {}\n")}, "empty grid"},
      {{file(
           "name.yaml",
           "  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  constraints: [\"speed > 2\"]\n")},
       "unknown name 'speed'"},
      {{file("none.yaml",
             "  axes:\n    - grid: {hardware.pe_array.rows: [8]}\n  constraints: "
             "[\"hardware.pe_array.rows > 8\"]\n")},
       "no points left"},
      {{source_path(kTiny), "--shard", "5/4"}, "--shard '5/4'"},
      {{source_path(kTiny), "--shard", "two"}, "--shard 'two'"},
      {{source_path(kTiny), "--timeout", "soon"}, "--timeout"},
      {{base + "/missing.yaml"}, "missing.yaml"},
      {{"merge", base + "/nowhere"}, "not a sweep folder"},
      {{"report", base + "/nowhere"}, "not a sweep folder"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> a = c.args;
    a.insert(a.end(), {"--out", base + "/out"});
    if (c.args[0] == "merge" || c.args[0] == "report") a.resize(c.args.size());
    Outcome r = sweep(a);
    EXPECT_NE(r.status, 0) << c.expect;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(base + "/out")) << "nothing written for: " << c.expect;
  }
  // --slurm where no sbatch is on PATH.
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  setenv("PATH", (base + "/empty-path").c_str(), 1);
  Outcome r = sweep({source_path(kTiny), "--slurm", "--out", base + "/out"});
  setenv("PATH", saved.c_str(), 1);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("sbatch is not installed"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(base + "/out"));
  fs::remove_all(base);
}
