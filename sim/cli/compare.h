// `tessera compare`: the same workload on several configs, side by side. SystemC elaborates once
// per process, so each config runs as a child `tessera run --json` (two at a time).
#pragma once

#include <string>
#include <vector>

namespace tessera {

// `files`: hardware or run files; `common`: arguments for every run (--model, --batch, --set).
// Prints the table (or a JSON list) to stdout; returns the exit status.
int run_compare(const std::vector<std::string>& files, const std::vector<std::string>& common,
                bool json);

}  // namespace tessera
