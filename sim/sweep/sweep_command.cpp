#include "sim/sweep/sweep_command.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "models/config/units.h"
#include "models/spec/errors.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_report.h"
#include "sim/sweep/sweep_results.h"
#include "sim/sweep/sweep_runner.h"

namespace tessera {

namespace {

namespace fs = std::filesystem;

// One process runs a sweep folder's points at a time (two `--resume` would run points twice):
// the whole sweep holds DIR/.lock exclusively; shards of one sweep (Slurm array tasks) share
// it and each holds its own DIR/.lock.I-of-K. flock: released when the process ends, however.
class SweepFolderLock {
 public:
  SweepFolderLock(const std::string& dir, size_t shard, size_t shards) {
    take(dir + "/.lock", shards > 1 ? LOCK_SH : LOCK_EX, dir);
    if (shards > 1)
      take(dir + "/.lock." + std::to_string(shard) + "-of-" + std::to_string(shards), LOCK_EX, dir);
  }
  ~SweepFolderLock() {
    for (int fd : fds_) ::close(fd);
  }
  SweepFolderLock(const SweepFolderLock&) = delete;
  SweepFolderLock& operator=(const SweepFolderLock&) = delete;

 private:
  void take(const std::string& path, int how, const std::string& dir) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) throw InputError("sweep: cannot lock " + path);
    fds_.push_back(fd);
    if (::flock(fd, how | LOCK_NB) != 0)
      throw InputError("sweep: another tessera sweep is running in " + dir +
                       " (wait for it, or use another --out)");
  }
  std::vector<int> fds_;
};

std::pair<size_t, size_t> parse_shard(const std::string& s) {
  std::smatch m;
  if (!std::regex_match(s, m, std::regex("([0-9]{1,9})/([0-9]{1,9})")))
    throw InputError("--shard '" + s + "': expected I/K, e.g. 0/4");
  const size_t i = std::stoul(m[1]), k = std::stoul(m[2]);
  if (k == 0 || i >= k) throw InputError("--shard '" + s + "': expected I/K with 0 <= I < K");
  return {i, k};
}

size_t distinct_points(const SweepPlan& plan) {
  std::set<std::string> ids;
  for (const auto& p : plan.points) ids.insert(p.id);
  return ids.size();
}

void print_summary(const SweepResults& r, const std::string& dir) {
  std::cout << "sweep " << r.name << ": " << r.rows.size() << " points, " << r.count("ok") << " ok";
  if (r.count("infeasible")) std::cout << ", " << r.count("infeasible") << " infeasible";
  if (r.count("failed")) std::cout << ", " << r.count("failed") << " failed";
  if (r.count("timeout")) std::cout << ", " << r.count("timeout") << " timed out";
  if (r.count("pending")) std::cout << ", " << r.count("pending") << " not run";
  std::cout << "; results in " << dir << "/results.csv\n";
}

// The sweep behind a results folder, re-planned and checked against the folder's plan.
struct Reloaded {
  SweepSpec spec;
  SweepPlan plan;
};
Reloaded reload(const std::string& dir) {
  std::ifstream in(dir + "/plan.json");
  if (!in) throw InputError(dir + " is not a sweep folder (no plan.json)");
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("sweep_file"))
    throw InputError(dir + "/plan.json is unreadable");
  Reloaded r{load_sweep(j["sweep_file"].get<std::string>()), {}};
  r.plan = plan_sweep(r.spec);
  if (plan_hash(r.spec, r.plan) != j.value("plan_hash", ""))
    throw InputError("the sweep file " + j["sweep_file"].get<std::string>() + " changed since " +
                     dir + " was planned");
  return r;
}

}  // namespace

int cmd_sweep(const SweepCommand& c) {
  size_t shard = 0, shards = 1;
  if (!c.shard.empty()) std::tie(shard, shards) = parse_shard(c.shard);
  if (c.jobs < 1) throw InputError("--jobs must be at least 1");
  if (c.slurm && !c.shard.empty())
    throw InputError("--slurm makes the shards itself; leave out --shard");
  double timeout = 0;
  if (!c.timeout.empty()) {
    std::string err;
    auto t = parse_quantity(c.timeout, Quantity::Time, &err);
    if (!t || *t <= 0)
      throw InputError("--timeout '" + c.timeout + "': expected a time such as 600s");
    timeout = *t;
  }
  const std::string sbatch = c.slurm ? find_sbatch() : "";

  SweepSpec spec = load_sweep(c.file);
  SweepPlan plan = plan_sweep(spec);
  if (plan.points.empty())
    throw InputError("sweep " + c.file + ": no points left (" + std::to_string(plan.expanded) +
                     " expanded, all dropped by the constraints)");
  const std::string dir = c.out.empty() ? "sweep-out/" + spec.name : c.out;
  const size_t distinct = distinct_points(plan);
  std::cout << "sweep " << spec.name << ": " << plan.points.size() << " points (" << distinct
            << " distinct, " << plan.expanded - plan.points.size() << " dropped by constraints)";
  if (shards > 1)
    std::cout << ", shard " << shard << "/" << shards << ": "
              << shard_ids(plan, shard, shards).size() << " points";
  std::cout << "\n" << std::flush;
  if (c.dry_run) {
    for (const auto& p : plan.points) {
      std::cout << p.index << " " << p.id;
      for (size_t k = 0; k < plan.columns.size(); ++k)
        if (!p.values[k].empty()) std::cout << " " << plan.columns[k] << "=" << p.values[k];
      if (!p.error.empty()) std::cout << "  [does not load: " << p.error << "]";
      std::cout << "\n";
    }
    return 0;
  }
  if (c.slurm) {
    check_slurm_options(c.slurm_options, distinct);
    prepare_sweep_dir(spec, plan, dir, c.resume);
    return submit_sweep(sbatch, c.file, dir, c.slurm_options, distinct);
  }
  prepare_sweep_dir(spec, plan, dir, c.resume || shards > 1);
  const SweepFolderLock lock(dir, shard, shards);
  SweepRunOptions o;
  o.out_dir = dir;
  o.jobs = c.jobs;
  o.resume = c.resume;
  o.shard = shard;
  o.shards = shards;
  o.timeout_s = timeout;
  const int rc = run_sweep_points(spec, plan, o);
  if (shards > 1 && rc == 0) {
    std::cout << "shard " << shard << "/" << shards << " done; `tessera sweep merge " << dir
              << "` writes the results\n";
    return 0;
  }
  SweepResults r = collect_results(spec, plan, dir, spec.fronts);
  write_results(r, dir);
  if (rc != 0) {
    std::cerr << "tessera: sweep interrupted: " << r.count("pending") << " of " << r.rows.size()
              << " points not run; `tessera sweep " << c.file << " --out " << dir
              << " --resume` continues\n";
    return rc;
  }
  print_summary(r, dir);
  return 0;
}

int cmd_sweep_merge(const std::string& dir) {
  Reloaded s = reload(dir);
  SweepResults r = collect_results(s.spec, s.plan, dir, s.spec.fronts);
  const size_t pending = r.count("pending");
  if (pending > 0)
    throw InputError("sweep merge: " + std::to_string(pending) + " of " +
                     std::to_string(r.rows.size()) +
                     " points have no result yet (a shard failed or is still running); rerun it "
                     "with --shard I/K or --resume");
  write_results(r, dir);
  print_summary(r, dir);
  return 0;
}

int cmd_sweep_report(const std::string& dir, const std::vector<std::string>& front_specs) {
  Reloaded s = reload(dir);
  std::vector<std::vector<Objective>> fronts = s.spec.fronts;
  if (!front_specs.empty()) {
    fronts.clear();
    std::set<std::string> derived;
    for (const auto& d : s.spec.derived) derived.insert(d.name);
    for (const auto& f : front_specs) {
      std::vector<Objective> objs;
      try {
        objs = parse_objectives(f);
      } catch (const std::invalid_argument& e) {
        throw InputError(std::string("--front: ") + e.what());
      }
      for (const auto& o : objs)
        if ((!is_sweep_metric(o.metric) || o.metric == "bound") && !derived.count(o.metric))
          throw InputError("--front '" + f + "': '" + o.metric +
                           "' is not a numeric result metric or derived column");
      fronts.push_back(objs);
    }
  }
  SweepResults r = collect_results(s.spec, s.plan, dir, fronts);
  if (r.count("ok") == 0) throw InputError("sweep report: " + dir + " has no finished points yet");
  write_results(r, dir);
  const int pngs = write_sweep_report(r, dir);
  std::cout << "wrote " << dir << "/report/index.html and " << fronts.size() << " front(s) as SVG"
            << (pngs > 0 ? " and PNG" : " (PNG needs gnuplot)") << "; fronts marked in " << dir
            << "/results.csv\n";
  return 0;
}

}  // namespace tessera
