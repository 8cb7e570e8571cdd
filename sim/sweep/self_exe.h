// The running tessera binary, for commands that run points or configs as child processes
// (SystemC elaborates once per process): sweeps, their Slurm jobs, compare.
#pragma once

#include <string>

namespace tessera {

// Absolute path of this executable (/proc/self/exe); throws InputError naming `who` if unknown.
std::string tessera_binary(const std::string& who);

}  // namespace tessera
