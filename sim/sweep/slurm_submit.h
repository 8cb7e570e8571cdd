// `tessera sweep FILE --slurm`: writes an `sbatch --array` job in which task i runs shard i of K
// (`tessera sweep FILE --out DIR --shard i/K`) and a merge job that depends on it
// (`tessera sweep merge DIR`), submits both with sbatch and prints their job ids. The scripts stay
// in DIR/slurm/ with the tasks' logs.
#pragma once

#include <cstddef>
#include <string>

namespace tessera {

struct SlurmOptions {
  std::string partition;  // empty: the cluster's default
  size_t array_size = 0;  // K; 0: one task per point up to 64
  std::string time;       // Slurm time limit per task (e.g. 30, 1:00:00); empty: the partition's
  int jobs_per_task = 1;  // points each task runs at once
  bool wait = false;      // block until the merge job has finished
};

// Throws InputError when sbatch is not on PATH (checked before anything is written).
std::string find_sbatch();

// Validates the options against the number of distinct points; throws InputError.
void check_slurm_options(const SlurmOptions& o, size_t distinct_points);

// Writes DIR/slurm/{array,merge}.sbatch and submits them. Returns the exit status.
int submit_sweep(const std::string& sbatch, const std::string& sweep_file, const std::string& dir,
                 const SlurmOptions& o, size_t distinct_points);

}  // namespace tessera
