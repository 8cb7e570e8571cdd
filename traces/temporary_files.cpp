#include "traces/temporary_files.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace tessera {

namespace {

constexpr int kSlots = 32;
constexpr size_t kPathMax = 4096;
char g_paths[kSlots][kPathMax];
std::atomic<bool> g_claimed[kSlots];  // slot taken by a writer
std::atomic<bool> g_armed[kSlots];    // its path is complete: the handler may remove it

void on_signal(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_armed[i].load()) ::unlink(g_paths[i]);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

int remember_temporary(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (g_claimed[i].compare_exchange_strong(expected, true)) {
      std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
      g_armed[i] = true;
      return i;
    }
  }
  return -1;
}

void forget_temporary(int handle) {
  if (handle < 0 || handle >= kSlots) return;
  g_armed[handle] = false;
  g_claimed[handle] = false;
}

void remove_temporaries_on_signals() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

}  // namespace tessera
