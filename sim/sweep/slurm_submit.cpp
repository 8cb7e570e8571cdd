#include "sim/sweep/slurm_submit.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>
#include <sstream>
#include <vector>

#include "models/spec/errors.h"
#include "sim/sweep/self_exe.h"
#include "sim/sweep/sweep_results.h"

namespace tessera {

namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs a command and returns its stdout (first line) and exit status; stderr passes through.
std::pair<std::string, int> capture(const std::vector<std::string>& args) {
  int fd[2];
  if (pipe(fd) != 0) throw InputError("sweep --slurm: cannot create a pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fd[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

std::string header(const std::string& name, const SlurmOptions& o, const std::string& log) {
  std::ostringstream s;
  s << "#!/bin/bash\n";
  s << "#SBATCH --job-name=" << name << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
  s << "#SBATCH --output=\"" << log << "\"\n";  // refuse_unsafe_path: no '"' or control characters
  return s.str();
}

// A path that goes into a batch script: an #SBATCH line is read up to its end and splits on
// blanks unless quoted, so a control character (a newline would start a shell line) or a double
// quote is refused; everything else is quoted where it is used.
void refuse_unsafe_path(const std::string& what, const std::string& p) {
  for (unsigned char c : p)
    if (c < 0x20 || c == 0x7f || c == '"')
      throw InputError("sweep --slurm: the " + what + " '" + printable(p) +
                       "' contains a control character or '\"', which a batch script cannot hold");
}

}  // namespace

std::string find_sbatch() {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string d;
  while (std::getline(ss, d, ':')) {
    if (d.empty()) continue;
    const std::string p = d + "/sbatch";
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  throw InputError(
      "sweep --slurm: sbatch is not installed or not on PATH (scripts/slurm-local.sh up starts a "
      "local Slurm)");
}

void check_slurm_options(const SlurmOptions& o, size_t distinct_points) {
  if (!o.time.empty() && !std::regex_match(o.time, std::regex("[0-9]+(-[0-9]+)?(:[0-9]+){0,2}")))
    throw InputError("sweep --time '" + o.time +
                     "': expected a Slurm time such as 30, 2:00:00 or 1-00:00");
  if (!o.partition.empty() && !std::regex_match(o.partition, std::regex("[A-Za-z0-9_.-]+")))
    throw InputError("sweep --partition '" + o.partition + "': not a partition name");
  if (distinct_points == 0) throw InputError("sweep --slurm: the sweep has no points to run");
  if (o.array_size > distinct_points)
    throw InputError("sweep --array-size " + std::to_string(o.array_size) +
                     ": more tasks than the " + std::to_string(distinct_points) +
                     " distinct points");
}

int submit_sweep(const std::string& sbatch, const std::string& sweep_file, const std::string& dir,
                 const SlurmOptions& o, size_t distinct_points) {
  const size_t k = o.array_size > 0 ? o.array_size : std::min<size_t>(distinct_points, 64);
  const std::string exe = tessera_binary("sweep --slurm");
  const std::string file = fs::absolute(sweep_file).lexically_normal().string();
  const std::string out = fs::absolute(dir).lexically_normal().string();
  const std::string slurm_dir = out + "/slurm";
  refuse_unsafe_path("tessera binary", exe);
  refuse_unsafe_path("sweep file", file);
  refuse_unsafe_path("output folder", out);
  fs::create_directories(slurm_dir);

  std::string array = header("tessera-sweep", o, slurm_dir + "/shard-%a.log");
  array += "#SBATCH --array=0-" + std::to_string(k - 1) + "\n";
  array += "#SBATCH --cpus-per-task=" + std::to_string(std::max(1, o.jobs_per_task)) + "\n";
  array += "# Task i of the array runs shard i/" + std::to_string(k) + " of the sweep's points.\n";
  array += "exec " + quote(exe) + " sweep " + quote(file) + " --out " + quote(out) +
           " --shard \"${SLURM_ARRAY_TASK_ID}/" + std::to_string(k) + "\" --jobs " +
           std::to_string(std::max(1, o.jobs_per_task)) + "\n";
  std::string merge = header("tessera-sweep-merge", o, slurm_dir + "/merge.log");
  merge += "# Runs after every task of the array has ended (afterany), and merges their points.\n";
  merge += "exec " + quote(exe) + " sweep merge " + quote(out) + "\n";
  write_file(slurm_dir + "/array.sbatch", array);
  write_file(slurm_dir + "/merge.sbatch", merge);

  auto [array_id, rc] = capture({sbatch, "--parsable", slurm_dir + "/array.sbatch"});
  if (rc != 0 || array_id.empty())
    throw InputError("sweep --slurm: sbatch refused the array job (exit " + std::to_string(rc) +
                     ")");
  array_id = array_id.substr(0, array_id.find(';'));  // "id;cluster" on federated clusters
  std::cout << "submitted array job " << array_id << " (" << k << " tasks, " << distinct_points
            << " points)\n"
            << std::flush;
  std::vector<std::string> margs = {sbatch, "--parsable", "--dependency=afterany:" + array_id};
  if (o.wait) margs.push_back("--wait");
  margs.push_back(slurm_dir + "/merge.sbatch");
  auto [merge_id, mrc] = capture(margs);
  if (merge_id.empty())
    throw InputError("sweep --slurm: sbatch refused the merge job (exit " + std::to_string(mrc) +
                     ")");
  merge_id = merge_id.substr(0, merge_id.find(';'));
  std::cout << "submitted merge job " << merge_id << " (after " << array_id << "): results in "
            << out << "/results.csv\n";
  if (o.wait) {
    std::cout << "merge job " << merge_id
              << (mrc == 0 ? " finished" : " failed (see " + slurm_dir + "/merge.log)") << "\n";
    return mrc == 0 ? 0 : 1;
  }
  return 0;
}

}  // namespace tessera
