#include "compiler_frontend/lowering/program_builder.h"

#include <algorithm>

#include "models/spec/errors.h"

namespace tessera {

void ProgramBuilder::set_budget(uint64_t max_commands, std::string why) {
  max_commands_ = std::min<uint64_t>(max_commands, UINT32_MAX - 1);
  budget_why_ = std::move(why);
}

void ProgramBuilder::expect(uint64_t more) const {
  if (more > max_commands_ || prog_.commands.size() > max_commands_ - more)
    throw InputError("the program needs more than " + std::to_string(max_commands_) +
                     " commands (" + budget_why_ + ")");
}

uint32_t ProgramBuilder::add(const Command& c) {
  if (prog_.commands.size() >= max_commands_) expect(1);
  prog_.commands.push_back(c);
  return static_cast<uint32_t>(prog_.commands.size() - 1);
}

void ProgramBuilder::depend(uint32_t cmd, uint32_t on) {
  if (on == kNoCmd || cmd == on) return;
  edges_.emplace_back(on, cmd);
}

ProgramBuilder::Ring& ProgramBuilder::ring(uint16_t core, Role role) {
  size_t idx = static_cast<size_t>(core) * kRoles + static_cast<size_t>(role);
  if (rings_.size() <= idx) rings_.resize(idx + 1);
  return rings_[idx];
}

ProgramBuilder::Slot ProgramBuilder::acquire(uint16_t core, Role role, uint32_t filler) {
  Ring& r = ring(core, role);
  int s = r.next;
  r.next ^= 1;
  depend(filler, r.last_user[static_cast<size_t>(s)]);
  r.last_user[static_cast<size_t>(s)] = filler;
  return Slot{static_cast<int>(static_cast<size_t>(core) * kRoles + static_cast<size_t>(role)), s};
}

void ProgramBuilder::use(const Slot& s, uint32_t user) {
  uint32_t& last = rings_[static_cast<size_t>(s.ring)].last_user[static_cast<size_t>(s.index)];
  // Users of one slot come in program order; keep the latest so the next refill waits for it.
  if (last == kNoCmd || user > last) last = user;
}

void ProgramBuilder::chain(uint32_t unit_key, uint32_t cmd) {
  for (auto& kv : chains_) {
    if (kv.first == unit_key) {
      depend(cmd, kv.second);
      kv.second = cmd;
      return;
    }
  }
  chains_.emplace_back(unit_key, cmd);
}

void ProgramBuilder::finish() {
  std::sort(edges_.begin(), edges_.end());
  edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
  auto& cmds = prog_.commands;
  for (auto& c : cmds) {
    c.num_deps = 0;
    c.succ_count = 0;
  }
  for (const auto& e : edges_) {
    cmds[e.first].succ_count++;
    cmds[e.second].num_deps++;
  }
  uint32_t offset = 0;
  for (auto& c : cmds) {
    c.succ_begin = offset;
    offset += c.succ_count;
  }
  prog_.successors.assign(offset, 0);
  std::vector<uint32_t> fill(cmds.size(), 0);
  for (const auto& e : edges_) {
    Command& from = cmds[e.first];
    prog_.successors[from.succ_begin + fill[e.first]++] = e.second;
  }
  edges_.clear();
  edges_.shrink_to_fit();
}

}  // namespace tessera
