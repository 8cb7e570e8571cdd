// Hostile input (issue 17): a sweep file or an output path from someone else never reaches a
// shell or an interpreter's source, and never writes outside its folder.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

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
