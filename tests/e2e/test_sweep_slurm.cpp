// The Slurm path on a real single-node Slurm (CTest label "slurm"): scripts/slurm-local.sh starts
// munge, slurmctld and slurmd; `tessera sweep --slurm --wait` submits the array job and the
// dependent merge job; the merged results.csv equals the local sweep's byte for byte. Needs root
// (the daemons); skipped otherwise.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

int shell(const std::string& cmd) {
  return std::system(cmd.c_str());
}

// Stops the cluster however the test ends.
struct LocalSlurm {
  std::string script = source_path("scripts/slurm-local.sh");
  bool up() { return shell(script + " up > /dev/null") == 0; }
  ~LocalSlurm() { shell(script + " down > /dev/null 2>&1"); }
};

}  // namespace

TEST(Slurm, ArrayJobMergesToTheLocalResults) {
  if (geteuid() != 0) GTEST_SKIP() << "the local Slurm daemons need root";
  LocalSlurm slurm;
  ASSERT_TRUE(slurm.up()) << "scripts/slurm-local.sh up failed (see /tmp/tessera-slurm/*.log)";
  setenv("SLURM_CONF", "/tmp/tessera-slurm/slurm.conf", 1);

  const std::string base = temp_dir("slurm");
  const std::string sweep_file = source_path("tests/data/sweeps/tiny.yaml");
  Outcome local = run_tessera({"sweep", sweep_file, "--out", base + "/local", "--jobs", "2"});
  ASSERT_EQ(local.status, 0) << local.err;
  Outcome s = run_tessera({"sweep", sweep_file, "--out", base + "/slurm", "--slurm", "--array-size",
                           "3", "--time", "10", "--wait"});
  ASSERT_EQ(s.status, 0) << s.out << s.err << read_file(base + "/slurm/slurm/merge.log");
  EXPECT_NE(s.out.find("submitted array job"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("(3 tasks, 6 points)"), std::string::npos) << s.out;
  EXPECT_EQ(read_file(base + "/slurm/results.csv"), read_file(base + "/local/results.csv"));
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(fs::exists(base + "/slurm/slurm/shard-" + std::to_string(i) + ".log"))
        << "task " << i << " ran";
  const std::string array = read_file(base + "/slurm/slurm/array.sbatch");
  EXPECT_NE(array.find("#SBATCH --array=0-2"), std::string::npos) << array;
  EXPECT_NE(array.find("--shard \"${SLURM_ARRAY_TASK_ID}/3\""), std::string::npos) << array;
  fs::remove_all(base);
}
