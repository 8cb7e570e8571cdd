// Temporary files a process is writing (a trace's or a report's temporary before its rename):
// registered while they exist, so SIGINT or SIGTERM removes them before the process dies and no
// half-written file stays behind. The handler only calls unlink (async-signal-safe).
#pragma once

#include <string>

namespace tessera {

// Returns a handle for forget_temporary (-1 when the table is full: that file is then not
// cleaned on a signal, only by its owner).
int remember_temporary(const std::string& path);
void forget_temporary(int handle);
// Installs the SIGINT/SIGTERM handler (removes the remembered files, then dies of the signal as
// before). A handler a caller installs later (the sweep runner's) takes precedence meanwhile.
void remove_temporaries_on_signals();

}  // namespace tessera
