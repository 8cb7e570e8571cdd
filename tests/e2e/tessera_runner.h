// Runs the tessera binary as a subprocess and captures its exit status, stdout and stderr.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tessera_test {

struct Outcome {
  int status = -1;  // exit status (128 + signal if killed)
  std::string out;
  std::string err;
};

// max_file_bytes > 0 limits the size of any file the child writes (RLIMIT_FSIZE), which is how
// tests simulate a full disk.
Outcome run_tessera(const std::vector<std::string>& args, uint64_t max_file_bytes = 0);
// The same with another simulator binary (one built with test-only blocks).
Outcome run_binary(const std::string& binary, const std::vector<std::string>& args,
                   uint64_t max_file_bytes = 0);
// Runs `tessera run ... --json` and parses the report; fails the test if the run fails.
nlohmann::json run_json(const std::vector<std::string>& args);

std::string source_path(const std::string& rel);  // path inside the repository
std::string temp_dir(const std::string& name);    // a fresh empty folder
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

// The .yaml files of a shipped configs folder (e.g. "configs/hw"), absolute, sorted.
std::vector<std::string> shipped_configs(const std::string& folder);
// A config path as a test-name suffix: its stem with every non-alphanumeric turned into '_'.
std::string config_test_name(const std::string& path);

// HTML reports: data marks (class="mark ...") per chart id (<figure class="chart" data-chart=ID>).
std::map<std::string, int> chart_marks(const std::string& html);

}  // namespace tessera_test
