#include "models/network/network_module.h"

#include "models/platform/sim_time.h"

namespace tessera {

NetworkModule::NetworkModule(sc_core::sc_module_name name, PacketNetwork& net, double max_wall_s,
                             std::chrono::steady_clock::time_point wall_start)
    : sc_module(name), net_(net), max_wall_s_(max_wall_s), wall_start_(wall_start) {
  SC_THREAD(run);
}

void NetworkModule::run() {
  for (;;) {
    SimTime t = net_.next_event();
    if (t == UINT64_MAX) break;
    wait_until(t);
    ++wakeups_;
    net_.advance(sc_now_fs());
    if (max_wall_s_ > 0 && wakeups_ % 64 == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count() >
            max_wall_s_) {
      wall_limit_hit_ = true;
      sc_core::sc_stop();
      return;
    }
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
