#include "models/sc/network_module.h"

#include "models/sc/sim_time.h"

namespace tessera {

NetworkModule::NetworkModule(sc_core::sc_module_name name, PacketNetwork& net) : sc_module(name), net_(net) {
  SC_THREAD(run);
}

void NetworkModule::run() {
  for (;;) {
    SimTime t = net_.next_event();
    if (t == UINT64_MAX) break;
    wait_until(t);
    ++wakeups_;
    net_.advance(sc_now_fs());
  }
  // A deadlock leaves messages behind; the report names the full links. The caller rethrows it
  // after sc_start returns (exceptions do not cross the kernel cleanly).
  try {
    net_.check_complete();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
  finished_ = true;
}

}  // namespace tessera
