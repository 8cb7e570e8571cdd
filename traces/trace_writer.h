// Streaming writer of the Chrome trace-event format (the JSON object form with `traceEvents`),
// which Perfetto UI, chrome://tracing and speedscope open. Events go straight to disk (optionally
// gzip-compressed when the path ends in .gz); nothing is held in memory. The file is written as
// PATH.partial and renamed when finish() succeeds, so a failed or interrupted run never leaves a
// file that looks complete (the destructor removes an unfinished one).
//
// Limits: a time window (events outside it are dropped) and a maximum event count; when the count
// cuts the trace, an instant event and the metadata say so.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace tessera {

enum class TraceLevel : uint8_t { Layer, Command, Packet };
bool parse_trace_level(const std::string& s, TraceLevel* level);

struct TraceOptions {
  std::string path;
  TraceLevel level = TraceLevel::Command;
  double window_start_s = 0;
  double window_end_s = std::numeric_limits<double>::infinity();
  uint64_t max_events = 5'000'000;
};

// One argument of an event: a number or a string.
struct TraceArg {
  const char* key;
  bool is_number;
  double number;
  std::string text;
  TraceArg(const char* k, double v) : key(k), is_number(true), number(v) {}
  TraceArg(const char* k, uint64_t v) : key(k), is_number(true), number(static_cast<double>(v)) {}
  TraceArg(const char* k, std::string v)
      : key(k), is_number(false), number(0), text(std::move(v)) {}
  TraceArg(const char* k, const char* v) : key(k), is_number(false), number(0), text(v) {}
};

class TraceWriter {
 public:
  static constexpr int kNotesPid = 999999;  // the process that carries the writer's own notes
  // Throws std::runtime_error naming the path when it cannot be opened.
  explicit TraceWriter(TraceOptions opts);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  const TraceOptions& options() const { return opts_; }
  bool wants(TraceLevel l) const { return static_cast<int>(l) <= static_cast<int>(opts_.level); }

  void process(int pid, const std::string& name, int sort_index);
  void thread(int pid, int tid, const std::string& name, int sort_index);
  // A complete event ("X"): begins at ts and lasts dur (seconds).
  void complete(int pid, int tid, const std::string& name, const char* cat, double ts_s,
                double dur_s, const std::vector<TraceArg>& args = {});
  // A counter sample ("C") of one or more named series.
  void counter(int pid, const std::string& name, double ts_s,
               const std::vector<std::pair<std::string, double>>& values);
  // A flow arrow from one thread's event to another's ("s" then "f", binding to the enclosing
  // slices).
  void flow(uint64_t id, const char* name, int pid_from, int tid_from, double ts_from, int pid_to,
            int tid_to, double ts_to);
  void instant(int pid, int tid, const std::string& name, double ts_s);

  // Closes the JSON, flushes, and renames PATH.partial to PATH. Throws std::runtime_error on a
  // write error (full disk) now or earlier (events never throw), removing the partial file.
  void finish();

  uint64_t events() const { return events_; }
  bool truncated() const { return truncated_; }

 private:
  bool admit(double ts_s, double end_s);  // window and event limit
  void begin_event();
  void write(const char* data, size_t n);
  void write(const std::string& s) { write(s.data(), s.size()); }
  void fail(const std::string& why);

  TraceOptions opts_;
  std::string partial_;
  int temporary_ = -1;  // remember_temporary handle: removed on SIGINT/SIGTERM
  bool gz_ = false;
  void* file_ = nullptr;  // FILE* or gzFile
  bool first_ = true, finished_ = false, truncated_ = false, failed_ = false;
  uint64_t events_ = 0;
  double truncated_at_s_ = 0;
  std::string buf_;    // batched writes
  std::string error_;  // the first write failure, reported by finish()
};

// JSON string escaping for trace names and arguments.
std::string json_escape(const std::string& s);

}  // namespace tessera
