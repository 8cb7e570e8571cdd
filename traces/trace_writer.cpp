#include "traces/trace_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "traces/temporary_files.h"

namespace tessera {

bool parse_trace_level(const std::string& s, TraceLevel* level) {
  if (s == "layer") return *level = TraceLevel::Layer, true;
  if (s == "command") return *level = TraceLevel::Command, true;
  if (s == "packet") return *level = TraceLevel::Packet, true;
  return false;
}

std::string json_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          out += b;
        } else {
          out += c;
        }
    }
  }
  return out;
}

namespace {

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Microseconds with picosecond resolution (trace viewers read `ts` and `dur` in microseconds).
void append_us(std::string& out, double seconds) {
  char b[40];
  std::snprintf(b, sizeof b, "%.6f", seconds * 1e6);
  out += b;
}

void append_number(std::string& out, double v) {
  char b[40];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(b, sizeof b, "%.0f", v);
  } else if (std::isfinite(v)) {
    std::snprintf(b, sizeof b, "%.9g", v);
  } else {
    std::snprintf(b, sizeof b, "0");
  }
  out += b;
}

constexpr size_t kFlushAt = 1 << 20;

}  // namespace

TraceWriter::TraceWriter(TraceOptions opts) : opts_(std::move(opts)) {
  // A fresh file of this process (never a planted file or symlink), renamed over the trace at the
  // end; an unfinished one is removed.
  partial_ = opts_.path + ".partial." + std::to_string(getpid());
  gz_ = ends_with(opts_.path, ".gz");
  const int fd =
      ::open(partial_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd >= 0) {
    if (gz_) {
      file_ = gzdopen(fd, "wb6");
    } else {
      file_ = fdopen(fd, "wb");
    }
    if (!file_) ::close(fd);
  }
  if (file_) temporary_ = remember_temporary(partial_);
  if (!file_)
    throw std::runtime_error("cannot write trace " + opts_.path + ": " + std::strerror(errno));
  buf_.reserve(kFlushAt + 4096);
  buf_ += "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
}

TraceWriter::~TraceWriter() {
  forget_temporary(temporary_);  // -1 once finished
  if (finished_) return;
  // Unfinished (an error elsewhere, or a failed write): never leave a file that looks complete.
  if (file_) {
    if (gz_) {
      gzclose(static_cast<gzFile>(file_));
    } else {
      std::fclose(static_cast<FILE*>(file_));
    }
  }
  std::remove(partial_.c_str());
}

// Events arrive from inside simulation processes, where an exception would cross the SystemC
// kernel (a crash): a failed write is remembered, later events are dropped, and finish() reports
// it and removes the partial file.
void TraceWriter::fail(const std::string& why) {
  if (failed_) return;
  failed_ = true;
  error_ = "cannot write trace " + opts_.path + ": " + why;
  buf_.clear();
}

void TraceWriter::write(const char* data, size_t n) {
  if (failed_) return;
  buf_.append(data, n);
  if (buf_.size() < kFlushAt) return;
  if (gz_) {
    if (gzwrite(static_cast<gzFile>(file_), buf_.data(), static_cast<unsigned>(buf_.size())) !=
        static_cast<int>(buf_.size()))
      fail("write failed (disk full?)");
  } else {
    if (std::fwrite(buf_.data(), 1, buf_.size(), static_cast<FILE*>(file_)) != buf_.size())
      fail(std::string("write failed (") + std::strerror(errno) + ")");
  }
  buf_.clear();
}

bool TraceWriter::admit(double ts_s, double end_s) {
  if (failed_ || finished_) return false;
  if (end_s < opts_.window_start_s || ts_s > opts_.window_end_s) return false;
  if (events_ >= opts_.max_events) {
    if (!truncated_) {
      truncated_ = true;
      truncated_at_s_ = ts_s;
    }
    return false;
  }
  ++events_;
  return true;
}

void TraceWriter::begin_event() {
  if (!first_) buf_ += ",\n";
  first_ = false;
}

void TraceWriter::process(int pid, const std::string& name, int sort_index) {
  begin_event();
  std::string e =
      "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + std::to_string(pid) +
      ",\"tid\":0,\"args\":{\"name\":\"" + json_escape(name) +
      "\"}},\n{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":" + std::to_string(pid) +
      ",\"tid\":0,\"args\":{\"sort_index\":" + std::to_string(sort_index) + "}}";
  write(e);
}

void TraceWriter::thread(int pid, int tid, const std::string& name, int sort_index) {
  begin_event();
  std::string e =
      "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + std::to_string(pid) +
      ",\"tid\":" + std::to_string(tid) + ",\"args\":{\"name\":\"" + json_escape(name) +
      "\"}},\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" + std::to_string(pid) +
      ",\"tid\":" + std::to_string(tid) +
      ",\"args\":{\"sort_index\":" + std::to_string(sort_index) + "}}";
  write(e);
}

void TraceWriter::complete(int pid, int tid, const std::string& name, const char* cat, double ts_s,
                           double dur_s, const std::vector<TraceArg>& args) {
  if (!admit(ts_s, ts_s + dur_s)) return;
  begin_event();
  std::string e;
  e.reserve(160);
  e += "{\"ph\":\"X\",\"pid\":";
  e += std::to_string(pid);
  e += ",\"tid\":";
  e += std::to_string(tid);
  e += ",\"name\":\"";
  e += json_escape(name);
  e += "\",\"cat\":\"";
  e += cat;
  e += "\",\"ts\":";
  append_us(e, ts_s);
  e += ",\"dur\":";
  append_us(e, dur_s < 0 ? 0 : dur_s);
  if (!args.empty()) {
    e += ",\"args\":{";
    for (size_t i = 0; i < args.size(); ++i) {
      if (i) e += ',';
      e += '"';
      e += args[i].key;
      e += "\":";
      if (args[i].is_number) {
        append_number(e, args[i].number);
      } else {
        e += '"';
        e += json_escape(args[i].text);
        e += '"';
      }
    }
    e += '}';
  }
  e += '}';
  write(e);
}

void TraceWriter::counter(int pid, const std::string& name, double ts_s,
                          const std::vector<std::pair<std::string, double>>& values) {
  if (!admit(ts_s, ts_s)) return;
  begin_event();
  std::string e = "{\"ph\":\"C\",\"pid\":" + std::to_string(pid) + ",\"tid\":0,\"name\":\"" +
                  json_escape(name) + "\",\"ts\":";
  append_us(e, ts_s);
  e += ",\"args\":{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) e += ',';
    e += '"' + json_escape(values[i].first) + "\":";
    append_number(e, values[i].second);
  }
  e += "}}";
  write(e);
}

void TraceWriter::flow(uint64_t id, const char* name, int pid_from, int tid_from, double ts_from,
                       int pid_to, int tid_to, double ts_to) {
  if (!admit(ts_from, ts_to)) return;
  begin_event();
  std::string e = "{\"ph\":\"s\",\"id\":" + std::to_string(id) + ",\"name\":\"" +
                  std::string(name) + "\",\"cat\":\"flow\",\"pid\":" + std::to_string(pid_from) +
                  ",\"tid\":" + std::to_string(tid_from) + ",\"ts\":";
  append_us(e, ts_from);
  e += "},\n{\"ph\":\"f\",\"bp\":\"e\",\"id\":" + std::to_string(id) + ",\"name\":\"" +
       std::string(name) + "\",\"cat\":\"flow\",\"pid\":" + std::to_string(pid_to) +
       ",\"tid\":" + std::to_string(tid_to) + ",\"ts\":";
  append_us(e, ts_to);
  e += '}';
  write(e);
}

void TraceWriter::instant(int pid, int tid, const std::string& name, double ts_s) {
  begin_event();
  std::string e = "{\"ph\":\"i\",\"s\":\"g\",\"pid\":" + std::to_string(pid) +
                  ",\"tid\":" + std::to_string(tid) + ",\"name\":\"" + json_escape(name) +
                  "\",\"ts\":";
  append_us(e, ts_s);
  e += '}';
  write(e);
}

void TraceWriter::finish() {
  if (finished_) return;
  if (failed_) {
    if (file_) {
      if (gz_)
        gzclose(static_cast<gzFile>(file_));
      else
        std::fclose(static_cast<FILE*>(file_));
      file_ = nullptr;
    }
    std::remove(partial_.c_str());
    throw std::runtime_error(error_);
  }
  if (truncated_) {  // say so in the timeline itself, on a process of its own
    process(kNotesPid, "trace notes", -1);
    thread(kNotesPid, 0, "notes", 0);
    instant(kNotesPid, 0,
            "trace truncated: event limit " + std::to_string(opts_.max_events) + " reached",
            truncated_at_s_);
  }
  std::string tail = "],\n\"otherData\":{\"generator\":\"tessera\",\"level\":\"";
  tail += opts_.level == TraceLevel::Layer     ? "layer"
          : opts_.level == TraceLevel::Command ? "command"
                                               : "packet";
  tail += "\",\"events\":" + std::to_string(events_) +
          ",\"truncated\":" + (truncated_ ? "true" : "false");
  if (truncated_)
    tail += ",\"note\":\"the event limit (--trace-max-events " + std::to_string(opts_.max_events) +
            ") cut this trace; later events are missing\"";
  tail += "}}\n";
  // Flush the rest through write() (force by appending then flushing).
  buf_ += tail;
  bool ok = true;
  if (gz_) {
    gzFile f = static_cast<gzFile>(file_);
    ok = buf_.empty() || gzwrite(f, buf_.data(), static_cast<unsigned>(buf_.size())) ==
                             static_cast<int>(buf_.size());
    ok = gzclose(f) == Z_OK && ok;
  } else {
    FILE* f = static_cast<FILE*>(file_);
    ok = std::fwrite(buf_.data(), 1, buf_.size(), f) == buf_.size();
    ok = std::fflush(f) == 0 && ok;
    ok = std::fclose(f) == 0 && ok;
  }
  file_ = nullptr;
  buf_.clear();
  if (!ok) {
    std::remove(partial_.c_str());
    failed_ = true;
    throw std::runtime_error("cannot write trace " + opts_.path + ": write failed (disk full?)");
  }
  if (std::rename(partial_.c_str(), opts_.path.c_str()) != 0) {
    std::remove(partial_.c_str());
    failed_ = true;
    throw std::runtime_error("cannot write trace " + opts_.path + ": " + std::strerror(errno));
  }
  forget_temporary(temporary_);
  temporary_ = -1;
  finished_ = true;
}

}  // namespace tessera
