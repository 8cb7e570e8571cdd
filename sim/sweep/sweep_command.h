// The `tessera sweep` commands (the CLI in sim/cli/main.cpp only parses options into these):
//   tessera sweep FILE [--jobs N] [--out DIR] [--resume] [--shard I/K] [--timeout T] [--dry-run]
//   tessera sweep FILE --slurm [--partition P] [--array-size K] [--time T] [--wait]
//   tessera sweep merge DIR
//   tessera sweep report DIR [--front "latency_s:min,energy_j:min" ...]
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/slurm_submit.h"

namespace tessera {

struct SweepCommand {
  std::string file;
  std::string out;  // default: sweep-out/NAME
  int jobs = 1;
  bool resume = false;
  std::string shard;    // "I/K"
  std::string timeout;  // per point, e.g. 600s
  bool dry_run = false;
  bool slurm = false;
  SlurmOptions slurm_options;
};

int cmd_sweep(const SweepCommand& c);
int cmd_sweep_merge(const std::string& dir);
int cmd_sweep_report(const std::string& dir, const std::vector<std::string>& fronts);

}  // namespace tessera
