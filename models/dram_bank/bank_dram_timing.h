// Timing core of a bank-level DRAM channel (no SystemC): a memory controller with an FR-FCFS
// scheduler over ranks, bank groups and banks with row buffers, honouring the JEDEC timing
// constraints tRCD, tRP, tCL, tCWL, tRAS, tRC, tCCD_S/L, tRRD_S/L, tFAW, tWR, tWTR_S/L, tRTP,
// tRFC and tREFI (all-bank refresh), with an open- or closed-page policy.
//
// Event-driven: the controller never ticks idle cycles. advance() jumps to the earliest cycle at
// which some queued request's next command (ACT, PRE, RD, WR) or a refresh step is legal, issues
// the FR-FCFS choice (ready row hits first, then the oldest ready request), and repeats. One
// command per cycle on the command bus. Times are in controller clock cycles (tCK).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace tessera {

struct DramTimings {  // in tCK cycles
  uint32_t tRCD = 0, tRP = 0, tCL = 0, tCWL = 0, tRAS = 0, tRC = 0;
  uint32_t tCCD_S = 0, tCCD_L = 0, tRRD_S = 0, tRRD_L = 0, tFAW = 0;
  uint32_t tWR = 0, tWTR_S = 0, tWTR_L = 0, tRTP = 0, tRFC = 0, tREFI = 0;
  uint32_t burst_cycles = 4;  // data-bus cycles per burst (BL / 2 for double data rate)
};

struct DramOrganization {
  uint32_t ranks = 1, bank_groups = 4, banks_per_group = 4;
  uint64_t rows = 65536;
  uint32_t columns = 1024;    // bursts per row (the row holds columns x burst_bytes bytes)
  uint32_t burst_bytes = 64;  // bytes per burst (bus width x burst length)
  uint32_t banks() const { return ranks * bank_groups * banks_per_group; }
};

enum class PagePolicy : uint8_t { Open, Closed };

struct DramRequest {
  uint64_t id = 0;
  uint32_t rank = 0, bank_group = 0, bank = 0;  // bank within its group
  uint64_t row = 0;
  uint32_t column = 0;
  bool write = false;
  uint64_t arrive = 0;  // cycle the request entered the controller
};

struct DramCompletion {
  uint64_t id;
  uint64_t done;  // cycle the data transfer finished
  bool write;
};

// Checks the timing set for contradictions (tRC < tRAS + tRP, ...); returns "" or a message
// naming the parameter.
std::string check_dram_timings(const DramTimings& t);

class BankDramTiming {
 public:
  BankDramTiming(const DramOrganization& org, const DramTimings& t, PagePolicy policy,
                 uint32_t queue_depth);

  bool full() const { return queue_.size() >= depth_; }
  size_t queued() const { return queue_.size(); }
  void enqueue(const DramRequest& r);
  // Issues every command due at or before `until`; appends finished transfers to `done`.
  void advance(uint64_t until, std::vector<DramCompletion>& done);
  // Earliest cycle at which advance() would do something (a command or a pending completion);
  // UINT64_MAX when idle.
  uint64_t next_event() const;

  // Statistics.
  uint64_t reads() const { return reads_; }
  uint64_t writes() const { return writes_; }
  uint64_t row_hits() const { return row_hits_; }
  uint64_t row_misses() const { return row_misses_; }        // closed bank: ACT needed
  uint64_t row_conflicts() const { return row_conflicts_; }  // another row open: PRE + ACT
  uint64_t activates() const { return activates_; }
  uint64_t refreshes() const { return refreshes_; }
  uint64_t refresh_stall_cycles() const { return refresh_stall_; }
  uint64_t data_bus_busy() const { return bus_busy_; }

  // Command log for exact-cycle tests: (cycle, command, flat bank).
  enum class Cmd : uint8_t { ACT, PRE, RD, WR, REF, PREA };
  struct Issued {
    uint64_t cycle;
    Cmd cmd;
    uint32_t bank;
  };
  void keep_log(bool on) { log_on_ = on; }
  const std::vector<Issued>& log() const { return log_; }

 private:
  struct Bank {
    int64_t open_row = -1;
    uint64_t next_act = 0, next_pre = 0, next_rd = 0, next_wr = 0;
    uint64_t act_at = 0;
  };
  struct Rank {
    std::array<uint64_t, 4> last_acts{};  // the four most recent ACTs, for tFAW
    uint32_t act_count = 0;
    uint64_t next_act_any = 0;                  // tRRD_S
    std::vector<uint64_t> next_act_bg;          // tRRD_L per bank group
    std::vector<uint64_t> next_col_bg;          // tCCD_L per bank group
    uint64_t next_col_any = 0;                  // tCCD_S
    uint64_t next_rd_after_wr = 0;              // tWTR_S
    std::vector<uint64_t> next_rd_after_wr_bg;  // tWTR_L
    uint64_t next_refresh = 0;
    bool refresh_pending = false;
    uint64_t busy_until = 0;  // refresh in progress
  };
  enum class Outcome : uint8_t { Unknown, Hit, Miss, Conflict };
  struct Queued {
    DramRequest r;
    uint32_t flat_bank;
    Outcome outcome = Outcome::Unknown;
  };

  uint32_t flat(const DramRequest& r) const {
    return (r.rank * org_.bank_groups + r.bank_group) * org_.banks_per_group + r.bank;
  }
  // Earliest legal cycle of the next command for a queued request, and which command.
  uint64_t earliest(const Queued& q, Cmd* cmd) const;
  uint64_t earliest_act(const Rank& rk, const Bank& b, uint32_t bg) const;
  uint64_t earliest_refresh_step(uint32_t rank, Cmd* cmd, uint32_t* bank) const;
  void issue(uint64_t t, Cmd cmd, uint32_t flat_bank, uint32_t rank, uint32_t bg, uint64_t row,
             bool write);
  bool other_hits_pending(uint32_t flat_bank, int64_t row, size_t except) const;
  // The scheduler's next command: a refresh step or the FR-FCFS choice among queued requests.
  struct Choice {
    uint64_t t = UINT64_MAX;
    bool refresh = false;
    Cmd cmd = Cmd::ACT;
    uint32_t rank = 0, bank = 0;  // refresh steps
    size_t request = 0;           // index in the queue
  };
  Choice pick() const;

  DramOrganization org_;
  DramTimings t_;
  PagePolicy policy_;
  uint32_t depth_;
  std::vector<Bank> banks_;
  std::vector<Rank> ranks_;
  std::deque<Queued> queue_;
  uint64_t now_ = 0;       // next free command-bus cycle
  uint64_t bus_free_ = 0;  // data bus
  bool last_was_write_ = false;
  std::vector<DramCompletion> in_flight_;  // transfers whose data has not finished
  uint64_t next_hint_ =
      UINT64_MAX;  // lower bound on the next command's cycle (kept by advance/enqueue)
  mutable std::vector<uint16_t> hits_per_bank_;  // scratch for pick(): queued row hits per bank
  uint64_t reads_ = 0, writes_ = 0, row_hits_ = 0, row_misses_ = 0, row_conflicts_ = 0,
           activates_ = 0;
  uint64_t refreshes_ = 0, refresh_stall_ = 0, bus_busy_ = 0;
  bool log_on_ = false;
  std::vector<Issued> log_;
};

}  // namespace tessera
