#include "sim/sweep/sweep_runner.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "models/spec/errors.h"
#include "sim/sweep/self_exe.h"
#include "sim/sweep/sweep_results.h"

namespace tessera {

namespace {

namespace fs = std::filesystem;
using WallClock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_interrupted = 0;
void on_signal(int) {
  g_interrupted = 1;
}

std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

void write_status(const std::string& folder, const std::string& status, const std::string& error,
                  int exit_code, double wall_s) {
  nlohmann::json j = {{"status", status}, {"exit_code", exit_code}, {"wall_s", wall_s}};
  if (!error.empty()) j["error"] = error;
  write_file(folder + "/status.json", j.dump() + "\n");
}

struct Child {
  pid_t pid;
  std::string id, folder;
  WallClock::time_point start;
  bool killed_for_timeout = false;
};

pid_t spawn(const std::vector<std::string>& args, const std::string& stderr_path) {
  std::vector<char*> argv;
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw InputError("sweep: cannot start a child process");
  if (pid == 0) {
    // The child dies with the sweep (a killed sweep must not leave points running that a resumed
    // sweep would start again).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    const int devnull = open("/dev/null", O_WRONLY);
    const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (devnull < 0 || err < 0) _exit(127);
    dup2(devnull, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

std::string seconds_text(double s) {
  char b[32];
  if (s >= 3600)
    std::snprintf(b, sizeof b, "%dh%02dm", static_cast<int>(s / 3600),
                  static_cast<int>(s / 60) % 60);
  else if (s >= 60)
    std::snprintf(b, sizeof b, "%dm%02ds", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  else
    std::snprintf(b, sizeof b, "%.0fs", s);
  return b;
}

class Progress {
 public:
  Progress(size_t total, size_t already)
      : total_(total), done_(already), already_(already), tty_(isatty(2)) {}
  void finished(bool ok) {
    ++done_;
    if (!ok) ++failed_;
    show(false);
  }
  void show(bool final) {
    const auto now = WallClock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!tty_ && !final && done_ < total_ && elapsed - last_print_ < 2.0) return;
    last_print_ = elapsed;
    const double rate = elapsed > 0 ? static_cast<double>(done_ - already_) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
    char line[200];
    std::snprintf(line, sizeof line, "%zu/%zu points, %zu failed, %.2f points/s, ETA %s", done_,
                  total_, failed_, rate, rate > 0 ? seconds_text(eta).c_str() : "?");
    if (tty_) {
      const int width = 30;
      const int fill = total_ ? static_cast<int>(width * done_ / total_) : width;
      std::cerr << "\r\033[K[" << std::string(static_cast<size_t>(fill), '#')
                << std::string(static_cast<size_t>(width - fill), '.') << "] " << line
                << (final ? "\n" : "") << std::flush;
    } else {
      std::cerr << "sweep: " << line << "\n";
    }
  }

 private:
  size_t total_, done_, already_, failed_ = 0;
  bool tty_;
  WallClock::time_point start_ = WallClock::now();
  double last_print_ = -10;
};

}  // namespace

std::string plan_hash(const SweepSpec& spec, const SweepPlan& plan) {
  std::string s = spec.text + "\n";
  for (const auto& c : plan.columns) s += c + "\n";
  for (const auto& p : plan.points) s += p.id + "\n";
  return hash_hex(s);
}

void prepare_sweep_dir(const SweepSpec& spec, const SweepPlan& plan, const std::string& dir,
                       bool reuse) {
  const std::string hash = plan_hash(spec, plan);
  const std::string plan_file = dir + "/plan.json";
  if (fs::exists(plan_file)) {
    std::ifstream in(plan_file);
    auto j = nlohmann::json::parse(in, nullptr, false);
    const std::string theirs = j.is_object() ? j.value("plan_hash", "") : "";
    if (theirs != hash)
      throw InputError(
          "sweep: " + dir +
          " holds a different sweep (or the sweep file changed); choose another --out");
    if (!reuse)
      throw InputError(
          "sweep: " + dir +
          " already holds this sweep; pass --resume to continue it or choose another --out");
    return;
  }
  if (fs::exists(dir) && !fs::is_empty(dir) && !reuse)
    throw InputError("sweep: " + dir + " exists and is not a sweep folder; choose another --out");
  std::error_code ec;
  fs::create_directories(dir + "/points", ec);
  if (ec) throw InputError("sweep: cannot create " + dir + ": " + ec.message());
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : plan.points) {
    nlohmann::json pj = {{"index", p.index}, {"id", p.id}, {"values", p.values}, {"sets", p.sets}};
    if (!p.error.empty()) pj["error"] = p.error;
    points.push_back(pj);
  }
  nlohmann::json j = {{"schema", "tessera.sweep-plan/1"},
                      {"sweep", spec.name},
                      {"sweep_file", fs::absolute(spec.file).lexically_normal().string()},
                      {"plan_hash", hash},
                      {"columns", plan.columns},
                      {"expanded", plan.expanded},
                      {"dropped_by_constraints", plan.expanded - plan.points.size()},
                      {"points", points}};
  write_file(plan_file, j.dump(1) + "\n");
}

int run_sweep_points(const SweepSpec& spec, const SweepPlan& plan, const SweepRunOptions& opts) {
  const std::string& dir = opts.out_dir;
  const std::vector<std::string> ids = shard_ids(plan, opts.shard, opts.shards);
  std::map<std::string, const SweepPoint*> by_id;
  for (const auto& p : plan.points) by_id.emplace(p.id, &p);

  // Points whose config does not load fail without a run; completed points are skipped.
  std::vector<std::string> todo;
  size_t already = 0;
  for (const auto& id : ids) {
    const std::string folder = dir + "/points/" + id;
    if (fs::exists(folder + "/status.json")) {
      ++already;
      continue;
    }
    const SweepPoint& p = *by_id.at(id);
    if (!p.error.empty()) {
      fs::create_directories(folder);
      write_status(folder, "failed", p.error, 1, 0);
      ++already;
      continue;
    }
    todo.push_back(id);
  }

  const std::string exe = tessera_binary("sweep");
  const double timeout = opts.timeout_s > 0 ? opts.timeout_s : spec.timeout_s;
  g_interrupted = 0;
  auto old_int = std::signal(SIGINT, on_signal);
  auto old_term = std::signal(SIGTERM, on_signal);
  Progress progress(ids.size(), already);
  std::ofstream launched(dir + "/launched.log", std::ios::app);
  std::vector<Child> running;
  size_t next = 0;
  while ((next < todo.size() || !running.empty())) {
    while (!g_interrupted && next < todo.size() &&
           static_cast<int>(running.size()) < std::max(1, opts.jobs)) {
      const std::string id = todo[next++];
      const std::string folder = dir + "/points/" + id;
      fs::remove_all(folder);  // leftovers of an interrupted attempt
      fs::create_directories(folder);
      std::vector<std::string> args = {exe, "run"};
      if (!spec.base.run_file.empty()) args.push_back(spec.base.run_file);
      if (!spec.base.hw_file.empty()) args.insert(args.end(), {"--hw", spec.base.hw_file});
      for (const auto& s : by_id.at(id)->sets) args.insert(args.end(), {"--set", s});
      args.insert(args.end(), {"--out", folder});
      launched << id << "\n" << std::flush;
      running.push_back({spawn(args, folder + "/stderr.txt"), id, folder, WallClock::now()});
    }
    if (g_interrupted)
      for (auto& c : running) kill(c.pid, SIGKILL);
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      if (timeout > 0)
        for (auto& c : running)
          if (!c.killed_for_timeout &&
              std::chrono::duration<double>(WallClock::now() - c.start).count() > timeout) {
            c.killed_for_timeout = true;
            kill(c.pid, SIGKILL);
          }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      if (pid < 0 && running.empty()) break;
      continue;
    }
    auto it =
        std::find_if(running.begin(), running.end(), [&](const Child& c) { return c.pid == pid; });
    if (it == running.end()) continue;
    Child c = *it;
    running.erase(it);
    if (g_interrupted) continue;  // unfinished: no status, --resume runs it again
    const double wall = std::chrono::duration<double>(WallClock::now() - c.start).count();
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    bool ok = false;
    if (c.killed_for_timeout) {
      write_status(c.folder, "timeout",
                   "exceeded the per-point timeout of " + seconds_text(timeout), code, wall);
    } else if (code == 0 && fs::exists(c.folder + "/report.json")) {
      write_status(c.folder, "ok", "", 0, wall);
      ok = true;
    } else {
      std::string err = last_line(c.folder + "/stderr.txt");
      if (err.empty())
        err = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                  : "exit status " + std::to_string(code);
      write_status(c.folder, "failed", err, code, wall);
    }
    progress.finished(ok);
  }
  progress.show(true);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  return g_interrupted ? 130 : 0;
}

}  // namespace tessera
