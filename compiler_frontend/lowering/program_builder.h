// Appends commands and dependency edges to an OperatorProgram and compresses the edges at the
// end. Also keeps the double-buffer slot rings: each operand role of each core has two slots,
// and a command that refills a slot depends on the last command that used it. That edge
// pattern is all double buffering is.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/spec/operator_ir.h"

namespace tessera {

constexpr uint32_t kNoCmd = UINT32_MAX;

enum class Role : uint8_t { Inputs = 0, Weights = 1, Outputs = 2, Residual = 3 };
constexpr size_t kRoles = 4;

class ProgramBuilder {
 public:
  explicit ProgramBuilder(OperatorProgram& prog) : prog_(prog) {}

  uint32_t add(const Command& c);
  // The most commands the program may hold (the memory budget of the run, and below 2^32 ids).
  // add() past it, or expect() of more than fit, throws InputError with `why` (the budget's
  // origin) before the memory is spent.
  void set_budget(uint64_t max_commands, std::string why);
  void expect(uint64_t more) const;
  void depend(uint32_t cmd, uint32_t on);  // no-op when `on` is kNoCmd or `cmd == on`
  uint32_t size() const { return static_cast<uint32_t>(prog_.commands.size()); }
  Command& cmd(uint32_t id) { return prog_.commands[id]; }

  // Slot rings. acquire() returns the slot to fill next and makes `filler` wait for the slot's
  // last user; use() records a reader/writer of a slot.
  struct Slot {
    int ring = 0;
    int index = 0;
  };
  Slot acquire(uint16_t core, Role role, uint32_t filler);
  void use(const Slot& s, uint32_t user);

  // In-order unit queues: each new command on a unit depends on the previous one.
  void chain(uint32_t unit_key, uint32_t cmd);

  void finish();  // builds the CSR successor arrays and dependency counts

 private:
  struct Ring {
    std::array<uint32_t, 2> last_user{kNoCmd, kNoCmd};
    int next = 0;
  };
  Ring& ring(uint16_t core, Role role);
  OperatorProgram& prog_;
  uint64_t max_commands_ = UINT32_MAX - 1;
  std::string budget_why_ = "command ids are 32 bits";
  std::vector<std::pair<uint32_t, uint32_t>> edges_;  // (from, to)
  std::vector<Ring> rings_;
  std::vector<std::pair<uint32_t, uint32_t>> chains_;  // (unit key, last command)
};

}  // namespace tessera
