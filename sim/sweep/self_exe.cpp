#include "sim/sweep/self_exe.h"

#include <unistd.h>

#include "models/spec/errors.h"

namespace tessera {

std::string tessera_binary(const std::string& who) {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw InputError(who + ": cannot find the tessera binary (/proc/self/exe)");
  buf[n] = '\0';
  return buf;
}

}  // namespace tessera
