#include "traces/trace_validator.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "models/spec/errors.h"

namespace tessera {

namespace {

using json = nlohmann::json;

// `max_bytes`: the most the trace may hold once inflated (Tessera's largest packet-level traces
// are about 1 GB); beyond it is a bomb or not a trace, and reading on would exhaust memory.
std::string read_maybe_gz(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st))
    throw InputError(path + ": not a regular file (a folder, device, FIFO or socket)");
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files too
  if (!f) throw InputError("cannot read " + path);
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) {
    if (text.size() + static_cast<uint64_t>(n) > max_bytes) {
      gzclose(f);
      throw InputError(path + ": more than " + std::to_string(max_bytes) +
                       " bytes once decompressed (trace-check --max-size)");
    }
    text.append(buf, static_cast<size_t>(n));
  }
  const bool bad = n < 0;
  gzclose(f);
  if (bad) throw InputError("corrupt compressed trace " + path);
  return text;
}

struct Checker {
  TraceCheck r;
  void problem(const std::string& p) {
    if (r.problems.size() < 20) r.problems.push_back(p);
  }
};

}  // namespace

TraceCheck validate_trace_text(const std::string& text) {
  Checker c;
  json root;
  try {
    root = json::parse(text);
  } catch (const std::exception& e) {
    c.problem(std::string("not JSON: ") + e.what());
    return c.r;
  }
  if (!root.is_object() || !root.contains("traceEvents") || !root["traceEvents"].is_array()) {
    c.problem("expected an object with a traceEvents array");
    return c.r;
  }
  if (root.contains("otherData") && root["otherData"].is_object())
    c.r.truncated = root["otherData"].value("truncated", false);
  static const std::set<std::string> phases = {"X", "B", "E", "C", "M", "s", "t",
                                               "f", "i", "I", "b", "e", "n"};
  std::set<int64_t> named_pids, used_pids;
  std::set<std::pair<int64_t, int64_t>> named_threads, used_threads;
  std::map<std::pair<int64_t, int64_t>, std::vector<std::pair<double, int>>> begin_end;
  std::map<std::string, int> flows;  // id -> starts minus finishes
  size_t index = 0;
  for (const json& e : root["traceEvents"]) {
    const std::string where = "event " + std::to_string(index++);
    if (!e.is_object() || !e.contains("ph") || !e["ph"].is_string()) {
      c.problem(where + ": no phase");
      continue;
    }
    const std::string ph = e["ph"];
    if (!phases.count(ph)) {
      c.problem(where + ": unknown phase '" + ph + "'");
      continue;
    }
    if (!e.contains("pid") || !e["pid"].is_number_integer()) {
      c.problem(where + ": pid missing or not an integer");
      continue;
    }
    const int64_t pid = e["pid"];
    const int64_t tid =
        e.contains("tid") && e["tid"].is_number_integer() ? e["tid"].get<int64_t>() : 0;
    if (ph == "M") {
      const std::string name = e.value("name", "");
      if (name == "process_name") {
        if (!e.contains("args") || !e["args"].contains("name") || !e["args"]["name"].is_string())
          c.problem(where + ": process_name without a name");
        named_pids.insert(pid);
      } else if (name == "thread_name") {
        if (!e.contains("args") || !e["args"].contains("name") || !e["args"]["name"].is_string())
          c.problem(where + ": thread_name without a name");
        named_threads.insert({pid, tid});
      }
      continue;
    }
    ++c.r.events;
    if (!e.contains("ts") || !e["ts"].is_number()) {
      c.problem(where + ": timestamp missing or not a number");
      continue;
    }
    const double ts = e["ts"];
    if (ts < 0) c.problem(where + ": negative timestamp");
    used_pids.insert(pid);
    if (ph == "X") {
      if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() < 0)
        c.problem(where + ": complete event without a non-negative duration");
      used_threads.insert({pid, tid});
    } else if (ph == "B" || ph == "E") {
      begin_end[{pid, tid}].push_back({ts, ph == "B" ? 1 : -1});
      used_threads.insert({pid, tid});
    } else if (ph == "C") {
      if (!e.contains("args") || !e["args"].is_object() || e["args"].empty()) {
        c.problem(where + ": counter without values");
      } else {
        for (const auto& kv : e["args"].items())
          if (!kv.value().is_number())
            c.problem(where + ": counter value '" + kv.key() + "' is not a number");
      }
    } else if (ph == "s" || ph == "f") {
      if (!e.contains("id")) {
        c.problem(where + ": flow event without an id");
      } else {
        flows[e["id"].dump()] += ph == "s" ? 1 : -1;
      }
      used_threads.insert({pid, tid});
    }
  }
  for (auto& [thread, marks] : begin_end) {
    // Ends sort before begins at equal times (a slice that ends where the next begins).
    std::stable_sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second < b.second;
    });
    int depth = 0;
    for (const auto& m : marks) {
      depth += m.second;
      if (depth < 0) {
        c.problem("thread " + std::to_string(thread.first) + "/" + std::to_string(thread.second) +
                  ": end without begin");
        break;
      }
    }
    if (depth > 0)
      c.problem("thread " + std::to_string(thread.first) + "/" + std::to_string(thread.second) +
                ": begin without end");
  }
  for (const auto& [id, balance] : flows)
    if (balance != 0) c.problem("flow " + id + ": start and finish do not pair");
  for (int64_t pid : used_pids)
    if (!named_pids.count(pid))
      c.problem("process " + std::to_string(pid) + " has no process_name");
  for (const auto& t : used_threads)
    if (!named_threads.count(t))
      c.problem("thread " + std::to_string(t.first) + "/" + std::to_string(t.second) +
                " has no thread_name");
  return c.r;
}

TraceCheck validate_trace_file(const std::string& path, uint64_t max_bytes) {
  return validate_trace_text(read_maybe_gz(path, max_bytes));
}

}  // namespace tessera
