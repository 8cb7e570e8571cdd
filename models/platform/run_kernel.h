// Runs the SystemC kernel until it has nothing left to do. SystemC's threads are QuickThreads
// coroutines on stacks of their own, and AddressSanitizer does not see those switches: after the
// kernel ran, it no longer knows the bounds of the main stack (it then ignores the stack clean-up
// every exception needs and reports false stack-buffer-overflows while an exception unwinds,
// google/sanitizers#189). So, in sanitizer builds, after the kernel returns we tell ASan where
// the main stack is (its fiber-switch interface) and clear the stale marks below this frame.
// In other builds this is just sc_start().
#pragma once

#include <systemc>

#if defined(__SANITIZE_ADDRESS__)
#define TESSERA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TESSERA_ASAN 1
#endif
#endif

#ifdef TESSERA_ASAN
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace tessera {

inline void run_kernel() {
  sc_core::sc_start();
#ifdef TESSERA_ASAN
  pthread_attr_t attr;
  void* stack = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &stack, &size);
    pthread_attr_destroy(&attr);
  }
  if (stack && size) {
    __sanitizer_start_switch_fiber(nullptr, stack, size);
    __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
    char here;
    __asan_unpoison_memory_region(stack, static_cast<size_t>(&here - static_cast<char*>(stack)));
  }
#endif
}

}  // namespace tessera
