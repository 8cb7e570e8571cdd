#include "sim/cli/compare.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "models/spec/errors.h"
#include "sim/report/format.h"
#include "sim/sweep/self_exe.h"

extern char** environ;

namespace tessera {

namespace {

struct Child {
  pid_t pid = -1;
  int out = -1, err = -1;
  std::string out_text, err_text;
};

Child spawn(const std::vector<std::string>& args) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("compare: pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  Child c;
  if (posix_spawn(&c.pid, args[0].c_str(), &fa, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("compare: cannot start " + args[0]);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  c.out = out[0];
  c.err = err[0];
  return c;
}

// Reads both pipes to the end (alternating, so neither fills up) and reaps the child.
int finish(Child& c) {
  char buf[65536];
  bool open_out = true, open_err = true;
  while (open_out || open_err) {
    fd_set set;
    FD_ZERO(&set);
    if (open_out) FD_SET(c.out, &set);
    if (open_err) FD_SET(c.err, &set);
    if (select(std::max(c.out, c.err) + 1, &set, nullptr, nullptr, nullptr) < 0) break;
    for (auto [fd, open, text] : {std::make_tuple(c.out, &open_out, &c.out_text),
                                  std::make_tuple(c.err, &open_err, &c.err_text)}) {
      if (!*open || !FD_ISSET(fd, &set)) continue;
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) {
        *open = false;
      } else {
        text->append(buf, static_cast<size_t>(n));
      }
    }
  }
  close(c.out);
  close(c.err);
  int status = 0;
  waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

using json = nlohmann::ordered_json;

// One row of the comparison from a run's report (single chip or cluster).
json row_of(const std::string& file, const json& r) {
  const json& t = r["totals"];
  auto num = [&](const char* k) {
    return t.contains(k) && t[k].is_number() ? t[k].get<double>() : 0.0;
  };
  json row;
  row["config"] = file;
  const bool cluster = r.value("kind", "") == "cluster";
  row["hardware"] = cluster ? std::to_string(r["cluster"]["nodes"].get<int64_t>()) + " x " +
                                  r["run"]["hardware"].get<std::string>()
                            : r["run"]["hardware"].get<std::string>();
  row["latency_s"] = num("latency_s");
  const double batch = cluster ? num("global_batch") : r["run"]["batch"].get<double>();
  row["throughput_per_s"] =
      cluster ? (num("latency_s") > 0 ? batch / num("latency_s") : 0) : num("throughput_per_s");
  row["energy_per_inference_j"] = batch > 0 ? num("energy_j") / batch : 0;
  row["tops_per_w"] = cluster ? 0 : num("tops_per_w");
  row["avg_power_w"] = num("avg_power_w");
  row["peak_power_w"] = cluster ? num("avg_power_w") : num("peak_power_w");
  row["pe_utilization"] =
      cluster ? r["node"]["totals"]["pe_utilization"].get<double>() : num("pe_utilization");
  row["area_mm2"] =
      cluster ? r["node"]["totals"]["area_mm2"].get<double>() * r["cluster"]["nodes"].get<double>()
              : num("area_mm2");
  row["throttled_s"] = num("throttled_s");
  row["bound"] = cluster ? (num("exposed_communication_s") > 0.2 * num("latency_s") ? "interconnect"
                                                                                    : "compute")
                         : t.value("bound", "");
  return row;
}

void print_table(const json& rows) {
  std::printf("%-28s %-18s %11s %12s %12s %8s %9s %9s %7s %9s %-12s\n", "config", "hardware",
              "latency", "samples/s", "energy/inf", "TOPS/W", "avg W", "peak W", "util", "area mm2",
              "bound");
  for (const json& r : rows) {
    std::string cfg = r["config"].get<std::string>();
    if (cfg.size() > 28) cfg = "..." + cfg.substr(cfg.size() - 25);
    std::printf("%-28s %-18s %11s %12.4g %12s %8.3g %9.3g %9.3g %6.1f%% %9.4g %-12s\n", cfg.c_str(),
                r["hardware"].get<std::string>().substr(0, 18).c_str(),
                seconds(r["latency_s"]).c_str(), r["throughput_per_s"].get<double>(),
                joules(r["energy_per_inference_j"]).c_str(), r["tops_per_w"].get<double>(),
                r["avg_power_w"].get<double>(), r["peak_power_w"].get<double>(),
                100 * r["pe_utilization"].get<double>(), r["area_mm2"].get<double>(),
                r["bound"].get<std::string>().c_str());
  }
}

}  // namespace

int run_compare(const std::vector<std::string>& files, const std::vector<std::string>& common,
                bool as_json) {
  if (files.size() < 2) throw InputError("compare needs at least two config files");
  const std::string self = tessera_binary("compare");
  std::vector<json> rows(files.size());
  // Two children at a time: this machine class has two cores.
  for (size_t first = 0; first < files.size(); first += 2) {
    std::vector<std::pair<size_t, Child>> running;
    for (size_t i = first; i < std::min(files.size(), first + 2); ++i) {
      std::vector<std::string> args = {self, "run", "--hw", files[i]};
      args.insert(args.end(), common.begin(), common.end());
      args.insert(args.end(), {"--json", "--out", ""});
      running.emplace_back(i, spawn(args));
    }
    for (auto& [i, c] : running) {
      int status = finish(c);
      if (status != 0) {
        std::string e = c.err_text;
        while (!e.empty() && e.back() == '\n') e.pop_back();
        if (e.rfind("tessera: ", 0) == 0) e = e.substr(9);  // the child's own prefix: one is enough
        throw InputError(files[i] + ": " + (e.empty() ? "run failed" : e));
      }
      rows[i] = row_of(files[i], json::parse(c.out_text));
    }
  }
  json all = json::array();
  for (auto& r : rows) all.push_back(r);
  if (as_json) {
    std::cout << all.dump(2) << "\n";
  } else {
    print_table(all);
  }
  return 0;
}

}  // namespace tessera
