// Hostile input (issue 17): a sweep file or an output path from someone else never reaches a
// shell or an interpreter's source, and never writes outside its folder.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

const char* kAxes =
    "  set: {workload.model: \"gemm:M=64,N=64,K=64\"}\n"
    "  axes:\n"
    "    - grid: {hardware.pe_array.rows: [8, 16]}\n";

// A one-line error, exit 1, naming `where`.
void expect_one_line_error(const Outcome& r, const std::string& where) {
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
}

}  // namespace

TEST(Hostile, DerivedColumnNameIsAPlainName) {
  const std::string dir = temp_dir("hostile-derived");
  write_file(dir + "/s.yaml", std::string("sweep:\n") + kAxes +
                                  "  derived:\n    \"x'; system 'touch " + dir +
                                  "/PWNED'; '\": latency_s * 2\n");
  expect_one_line_error(run_tessera({"sweep", dir + "/s.yaml", "--out", dir + "/o"}),
                        "s.yaml:6: sweep.derived.x'");
  write_file(dir + "/t.yaml",
             std::string("sweep:\n") + kAxes + "  derived:\n    \"../../x\": latency_s * 2\n");
  expect_one_line_error(run_tessera({"sweep", dir + "/t.yaml", "--dry-run"}), "a column name is");
  EXPECT_FALSE(fs::exists(dir + "/PWNED"));
}

TEST(Hostile, SweepNameIsAPlainName) {
  const std::string dir = temp_dir("hostile-name");
  write_file(dir + "/nl.yaml", std::string("sweep:\n  name: \"x\\ntouch PWNED\\n#\"\n") + kAxes);
  expect_one_line_error(run_tessera({"sweep", dir + "/nl.yaml", "--dry-run"}),
                        "nl.yaml:2: sweep.name: 'x\\x0atouch PWNED\\x0a#' is not a plain name");
  write_file(dir + "/up.yaml", std::string("sweep:\n  name: ../../x\n") + kAxes);
  expect_one_line_error(run_tessera({"sweep", dir + "/up.yaml", "--dry-run"}),
                        "sweep.name: '../../x' is not a plain name");
}

// A quote, a newline and gnuplot commands in --out: the PNG is drawn, nothing runs.
TEST(Hostile, OutFolderNeverReachesGnuplotSource) {
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) GTEST_SKIP() << "no gnuplot";
  const std::string dir = temp_dir("hostile-gnuplot");
  write_file(dir + "/s.yaml",
             std::string("sweep:\n") + kAxes + "  derived:\n    lat2: latency_s * 2\n");
  const std::string out = dir + "/o'; system 'touch " + dir + "/PWNED'; '\nx";
  ASSERT_EQ(run_tessera({"sweep", dir + "/s.yaml", "--out", out}).status, 0);
  const Outcome r = run_tessera({"sweep", "report", out, "--front", "latency_s:min,energy_j:min"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(out + "/report/latency_s-vs-energy_j.png"));
  EXPECT_FALSE(fs::exists(dir + "/PWNED"));
}

// Slurm batch scripts: a newline in the output folder would start a shell line in the script.
TEST(Hostile, SlurmScriptsRefuseControlCharacters) {
  const std::string dir = temp_dir("hostile-slurm");
  const std::string bin = dir + "/bin";
  fs::create_directories(bin);
  write_file(bin + "/sbatch", "#!/bin/sh\ntouch " + dir + "/SBATCH_RAN\necho 1\n");
  chmod((bin + "/sbatch").c_str(), 0755);
  setenv("PATH", (bin + ":" + std::getenv("PATH")).c_str(), 1);
  write_file(dir + "/s.yaml", std::string("sweep:\n") + kAxes);
  const Outcome r =
      run_tessera({"sweep", dir + "/s.yaml", "--slurm", "--out", dir + "/o\ntouch PWNED\n#"});
  expect_one_line_error(r, "contains a control character");
  EXPECT_FALSE(fs::exists(dir + "/SBATCH_RAN"));
}

// No source runs a command line built from strings: programs are started with execv and an
// argument vector.
TEST(Hostile, NoSourceCallsSystemOrPopen) {
  const std::regex call(R"(\b(system|popen)\s*\()");
  for (const char* folder : {"sim", "models", "compiler_frontend", "traces", "fuzz"}) {
    for (const auto& e : fs::recursive_directory_iterator(source_path(folder))) {
      const std::string ext = e.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      std::ifstream in(e.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n)
        EXPECT_FALSE(std::regex_search(line, call))
            << e.path().string() << ":" << n << ": " << line;
    }
  }
}

namespace {

// Runs `tessera validate FILE` and returns the outcome and the wall time.
std::pair<Outcome, double> validate_timed(const std::string& file) {
  const auto t0 = std::chrono::steady_clock::now();
  Outcome r = run_tessera({"validate", file});
  return {r, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

}  // namespace

TEST(Hostile, SelfReferencingAliasIsAnError) {
  const std::string dir = temp_dir("hostile-alias");
  write_file(dir + "/self.yaml", "x: &a [*a]\n");
  expect_one_line_error(run_tessera({"validate", dir + "/self.yaml"}),
                        "nested deeper than 64 levels");
  expect_one_line_error(run_tessera({"run", "--set", "hardware.name=&a [*a]", "--out", dir + "/o"}),
                        "nested deeper than 64 levels");
}

TEST(Hostile, BillionLaughsStopsAtTheExpansionBudget) {
  const std::string dir = temp_dir("hostile-laughs");
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  write_file(dir + "/laughs.yaml", text);
  const auto [r, seconds] = validate_timed(dir + "/laughs.yaml");
  expect_one_line_error(r, "expands to more than 250000 values");
  EXPECT_LT(seconds, 5.0);
  // One long value repeated through aliases: the text budget.
  std::string big = "v: &v " + std::string(1 << 20, 'x') + "\nl: [";
  for (int k = 0; k < 100; ++k) big += (k ? ", *v" : "*v");
  write_file(dir + "/big.yaml", big + "]\n");
  expect_one_line_error(validate_timed(dir + "/big.yaml").first, "MiB of text");
}

TEST(Hostile, HundredThousandKeysAreReadInLinearTime) {
  const std::string dir = temp_dir("hostile-keys");
  std::string text = "hardware:\n";
  for (int i = 0; i < 100000; ++i) text += "  k" + std::to_string(i) + ": 1\n";
  write_file(dir + "/keys.yaml", text);
  const auto [r, seconds] = validate_timed(dir + "/keys.yaml");
  expect_one_line_error(r, "keys.yaml:2: hardware.k0: unknown key");
  EXPECT_LT(seconds, 10.0);  // 46 s with a scan per key
}

TEST(Hostile, OnlyRegularFilesAreIncluded) {
  const std::string dir = temp_dir("hostile-include");
  write_file(dir + "/zero.yaml", "include: /dev/zero\n");
  expect_one_line_error(run_tessera({"validate", dir + "/zero.yaml"}), "not a regular file");
  ASSERT_EQ(mkfifo((dir + "/fifo.yaml").c_str(), 0600), 0);
  write_file(dir + "/fifo-inc.yaml", "include: fifo.yaml\n");
  const auto [r, seconds] = validate_timed(dir + "/fifo-inc.yaml");  // used to wait forever
  expect_one_line_error(r, "not a regular file");
  EXPECT_LT(seconds, 5.0);
}

// Numbers are never truncated or thrown raw: a 20-digit list index is past the end (not
// "stoul"), a node id beyond 32 bits is refused (not taken modulo 2^32).
TEST(Hostile, HugeIndicesAndNodeIdsAreErrorsNotWrapArounds) {
  const std::string dir = temp_dir("hostile-numbers");
  expect_one_line_error(
      run_tessera(
          {"run", "--set", "hardware.buffers.99999999999999999999.size=1MiB", "--out", dir + "/a"}),
      "index 99999999999999999999 is past the end of the list");
  expect_one_line_error(
      run_tessera({"run", "--hw", source_path("configs/clusters/ring-8.yaml"), "--model",
                   "broadcast:bytes=1MiB,root=4294967297", "--out", dir + "/b"}),
      "root=4294967297 is beyond any cluster");
  expect_one_line_error(
      run_tessera({"run", "--hw", source_path("configs/clusters/ring-8.yaml"), "--model",
                   "sendrecv:bytes=1MiB,peer=2147483648", "--out", dir + "/c"}),
      "peer=2147483648 is beyond any cluster");
}

// A 10^9-point grid is refused before it is expanded (it took 7.8 GB), and sweep.max_points can
// raise the bound for a sweep that means it.
TEST(Hostile, SweepPointsAreCountedBeforeExpansion) {
  const std::string dir = temp_dir("hostile-points");
  std::string values = "[";
  for (int i = 1; i <= 1000; ++i) values += (i > 1 ? ", " : "") + std::to_string(8 * i);
  values += "]";
  write_file(dir + "/huge.yaml",
             "sweep:\n  set: {workload.model: \"gemm:M=64,N=64,K=64\"}\n  axes:\n"
             "    - grid: {hardware.pe_array.rows: " +
                 values + ", hardware.pe_array.cols: " + values +
                 ", hardware.vector_unit.lanes: " + values + "}\n");
  const auto t0 = std::chrono::steady_clock::now();
  expect_one_line_error(
      run_tessera({"sweep", dir + "/huge.yaml", "--dry-run"}),
      "the axes expand to 1000000000 points, more than sweep.max_points (100000)");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  write_file(dir + "/raised.yaml", std::string("sweep:\n  max_points: 1\n") + kAxes);
  expect_one_line_error(run_tessera({"sweep", dir + "/raised.yaml", "--dry-run"}),
                        "the axes expand to 2 points, more than sweep.max_points (1)");
}

// trace-check and ONNX models read regular files only, and a gzip bomb stops at --max-size
// instead of inflating into all of memory.
TEST(Hostile, TraceCheckAndModelsReadOnlyBoundedRegularFiles) {
  const std::string dir = temp_dir("hostile-files");
  expect_one_line_error(run_tessera({"trace-check", "/dev/zero"}), "not a regular file");
  ASSERT_EQ(mkfifo((dir + "/fifo.json").c_str(), 0600), 0);
  const auto t0 = std::chrono::steady_clock::now();
  expect_one_line_error(run_tessera({"trace-check", dir + "/fifo.json"}), "not a regular file");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  // 16 MiB of zeros compress to a few KiB.
  ASSERT_EQ(
      std::system(("head -c 16777216 /dev/zero | gzip -1 > '" + dir + "/bomb.json.gz'").c_str()),
      0);
  expect_one_line_error(run_tessera({"trace-check", dir + "/bomb.json.gz", "--max-size", "1MiB"}),
                        "more than 1048576 bytes once decompressed");
  fs::create_symlink("/dev/zero", dir + "/zero.onnx");
  expect_one_line_error(run_tessera({"graph", dir + "/zero.onnx"}), "not a regular file");
}

namespace {

// The rows of DIR/results.csv after `tessera sweep merge DIR`.
std::vector<std::string> merged_rows(const std::string& dir) {
  EXPECT_EQ(run_tessera({"sweep", "merge", dir}).status, 0);
  std::vector<std::string> rows;
  std::istringstream in(read_file(dir + "/results.csv"));
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  return rows;
}

}  // namespace

// Sweep arithmetic that leaves the finite numbers is an error naming the point (0/0 used to
// count as true, 1/0 to land in results.csv as inf).
TEST(Hostile, SweepArithmeticNeverYieldsNanOrInf) {
  const std::string dir = temp_dir("hostile-nan");
  write_file(dir + "/nan.yaml", std::string("sweep:\n") + kAxes + "  constraints: [\"0/0\"]\n");
  expect_one_line_error(run_tessera({"sweep", dir + "/nan.yaml", "--dry-run"}),
                        "'0/0' is not a number here (a division by zero?) at the point "
                        "hardware.pe_array.rows=8");
  write_file(dir + "/inf.yaml",
             std::string("sweep:\n") + kAxes + "  derived: {per_nothing: latency_s / 0}\n");
  ASSERT_EQ(run_tessera({"sweep", dir + "/inf.yaml", "--out", dir + "/o"}).status, 0);
  const auto rows = merged_rows(dir + "/o");
  ASSERT_EQ(rows.size(), 3u);
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_NE(rows[i].find(",failed,"), std::string::npos) << rows[i];
    EXPECT_NE(rows[i].find("derived per_nothing: 'latency_s / 0' is infinite"), std::string::npos)
        << rows[i];
    EXPECT_EQ(rows[i].find("inf"), rows[i].find("infinite")) << rows[i];
  }
}

// A point's report.json edited by someone else is checked, not trusted: text or a negative
// number where a metric belongs fails that point, named, instead of becoming 0 or aborting.
TEST(Hostile, TamperedPointReportsFailTheirPoint) {
  const std::string dir = temp_dir("hostile-tamper");
  write_file(dir + "/s.yaml", std::string("sweep:\n") + kAxes);
  ASSERT_EQ(run_tessera({"sweep", dir + "/s.yaml", "--out", dir + "/o"}).status, 0);
  std::vector<std::string> reports;
  for (const auto& e : fs::directory_iterator(dir + "/o/points"))
    reports.push_back(e.path().string() + "/report.json");
  ASSERT_EQ(reports.size(), 2u);
  std::sort(reports.begin(), reports.end());
  auto edit = [](const std::string& path, const std::string& from, const std::string& to) {
    std::string text = read_file(path);
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write_file(path, text);
  };
  edit(reports[0], "\"latency_s\":", "\"latency_s\": \"fast\", \"was\":");
  edit(reports[1], "\"bound\":", "\"bound\": 7, \"was\":");
  const auto rows = merged_rows(dir + "/o");
  ASSERT_EQ(rows.size(), 3u);
  const std::string all = rows[1] + "\n" + rows[2];
  EXPECT_NE(all.find("report.json: latency_s is \"\"fast\"\", not a non-negative number"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("report.json: bound is 7, not text"), std::string::npos) << all;
}

// Outputs: a run replaces an earlier run's set (never new files beside old ones), writes through
// fresh temporaries (a planted symlink is replaced, not followed), and leaves no temporaries.
TEST(Hostile, OutputFolderNeverMixesRunsOrFollowsLinks) {
  const std::string dir = temp_dir("hostile-out");
  const std::string out = dir + "/out";
  const std::string cluster = source_path("configs/clusters/ring-8.yaml");
  ASSERT_EQ(
      run_tessera({"run", "--hw", cluster, "--model", "allreduce:bytes=1MiB", "--out", out}).status,
      0);
  ASSERT_TRUE(fs::exists(out + "/links.csv"));
  // A chip run into the same folder: the cluster's links.csv must not stay beside its report.
  ASSERT_EQ(run_tessera({"run", "--model", "gemm:M=64,N=64,K=64", "--out", out}).status, 0);
  EXPECT_FALSE(fs::exists(out + "/links.csv"));
  EXPECT_FALSE(fs::exists(out + "/collectives.csv"));
  // A planted link to a file outside: replaced by the report, the target untouched.
  write_file(dir + "/victim.txt", "keep me\n");
  fs::remove(out + "/report.json");
  fs::create_symlink(dir + "/victim.txt", out + "/report.json");
  ASSERT_EQ(run_tessera({"run", "--model", "gemm:M=64,N=64,K=64", "--out", out}).status, 0);
  EXPECT_EQ(read_file(dir + "/victim.txt"), "keep me\n");
  EXPECT_FALSE(fs::is_symlink(out + "/report.json"));
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

// A program bigger than the memory limit is refused while it is being built, in moments, not
// after the memory is spent; the limit defaults to 3/4 of the machine's memory.
TEST(Hostile, ProgramsBeyondTheMemoryLimitAreRefusedBeforeTheyAreBuilt) {
  const std::string dir = temp_dir("hostile-memory");
  const auto t0 = std::chrono::steady_clock::now();
  expect_one_line_error(run_tessera({"run", "--model", "gemm:M=100000,N=100000,K=64", "--set",
                                     "simulation.memory_limit=64MiB", "--out", dir + "/a"}),
                        "the program needs more than 196576 commands (about 256 B each: more than "
                        "simulation.memory_limit 64.0 MiB)");
  expect_one_line_error(
      run_tessera({"run", "--model", "gemm:M=10000000,N=10000000,K=64", "--out", dir + "/b"}),
      "of this machine's memory");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
}

// A quoted sweep value stays the text it was ("x: y" is not re-read as a map), and numbers are
// plain decimal like the unit values (no hex floats).
TEST(Hostile, SweepValuesStayTextAndNumbersStayDecimal) {
  const std::string dir = temp_dir("hostile-values");
  write_file(dir + "/q.yaml",
             "sweep:\n  set: {workload.model: \"gemm:M=64,N=64,K=64\"}\n  axes:\n"
             "    - grid: {hardware.name: [\"x: y\", \"a,b\"]}\n");
  ASSERT_EQ(run_tessera({"sweep", dir + "/q.yaml", "--out", dir + "/o"}).status, 0);
  const std::string csv = read_file(dir + "/o/results.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;
  EXPECT_EQ(csv.find(",failed,"), std::string::npos) << csv;
  expect_one_line_error(
      run_tessera({"run", "--set", "hardware.pe_array.efficiency=0x1p-1", "--out", dir + "/r"}),
      "hardware.pe_array.efficiency: expected a number, got '0x1p-1'");
}

// Two processes never run one sweep folder's points at once (two --resume used to run points
// twice): while the folder is locked, a second run is refused.
TEST(Hostile, OneSweepProcessPerFolder) {
  const std::string dir = temp_dir("hostile-lock");
  write_file(dir + "/s.yaml", std::string("sweep:\n") + kAxes);
  ASSERT_EQ(run_tessera({"sweep", dir + "/s.yaml", "--out", dir + "/o"}).status, 0);
  const int fd = ::open((dir + "/o/.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);  // as a running sweep holds it
  expect_one_line_error(run_tessera({"sweep", dir + "/s.yaml", "--out", dir + "/o", "--resume"}),
                        "another tessera sweep is running in");
  ::close(fd);
  EXPECT_EQ(run_tessera({"sweep", dir + "/s.yaml", "--out", dir + "/o", "--resume"}).status, 0);
}

// A collective repeated 10^9 times (or with more messages than fit) is refused from its estimate
// before any copy is built (it ran out of memory at once).
TEST(Hostile, CollectivesBeyondTheMemoryLimitAreRefusedFirst) {
  const std::string dir = temp_dir("hostile-collective");
  const auto t0 = std::chrono::steady_clock::now();
  expect_one_line_error(run_tessera({"run", "--hw", source_path("configs/clusters/ring-8.yaml"),
                                     "--model", "allreduce:bytes=64MiB,count=1000000000", "--set",
                                     "simulation.memory_limit=1GiB", "--out", dir + "/a"}),
                        "the collective needs an estimated");
  expect_one_line_error(
      run_tessera({"run", "--hw", source_path("configs/clusters/ring-8.yaml"), "--set",
                   "cluster.nodes=65536", "--set", "simulation.network=packet", "--set",
                   "simulation.memory_limit=256MiB", "--model", "allreduce:bytes=64MiB", "--out",
                   dir + "/b"}),
      "messages");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10.0);
}

// Traces too are written through a fresh temporary: planted links at the trace or its old
// temporary name are replaced or ignored, never followed.
TEST(Hostile, TraceOutputNeverFollowsPlantedLinks) {
  const std::string dir = temp_dir("hostile-trace");
  write_file(dir + "/victim.txt", "keep me\n");
  fs::create_symlink(dir + "/victim.txt", dir + "/t.json");
  fs::create_symlink(dir + "/victim.txt", dir + "/t.json.partial");
  ASSERT_EQ(run_tessera({"run", "--model", "gemm:M=64,N=64,K=64", "--trace", dir + "/t.json",
                         "--out", dir + "/o"})
                .status,
            0);
  EXPECT_EQ(read_file(dir + "/victim.txt"), "keep me\n");
  EXPECT_FALSE(fs::is_symlink(dir + "/t.json"));
  EXPECT_EQ(run_tessera({"trace-check", dir + "/t.json"}).status, 0);
}

// Ctrl-C or a TERM while a trace is being written leaves no temporary behind.
TEST(Hostile, TerminatedRunLeavesNoTemporaries) {
  const std::string dir = temp_dir("hostile-term");
  const std::string cmd = std::string("timeout -s TERM 1 ") + TESSERA_BIN + " run --hw '" +
                          source_path("configs/hw/eyeriss.yaml") +
                          "' --model gpt2_small --trace '" + dir + "/t.json' --out '" + dir +
                          "/out' > /dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 124) << "the run ended before the signal";
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
  EXPECT_FALSE(fs::exists(dir + "/t.json"));
}
