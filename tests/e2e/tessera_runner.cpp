#include "tessera_runner.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tessera_test {

Outcome run_tessera(const std::vector<std::string>& args, uint64_t max_file_bytes) {
  return run_binary(TESSERA_BIN, args, max_file_bytes);
}

Outcome run_binary(const std::string& binary, const std::vector<std::string>& args,
                   uint64_t max_file_bytes) {
  // stdout and stderr go to files so large outputs cannot deadlock the pipes.
  std::string dir = temp_dir("runner");
  std::string out_path = dir + "/out", err_path = dir + "/err";
  pid_t pid = fork();
  if (pid == 0) {
    FILE* o = freopen(out_path.c_str(), "w", stdout);
    FILE* e = freopen(err_path.c_str(), "w", stderr);
    if (!o || !e) _exit(127);
    if (max_file_bytes > 0) {
      rlimit limit{};
      getrlimit(RLIMIT_FSIZE, &limit);
      limit.rlim_cur = max_file_bytes;
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv;
    std::string bin = binary;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Outcome r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove_all(dir);
  return r;
}

nlohmann::json run_json(const std::vector<std::string>& args) {
  std::vector<std::string> a = {"run"};
  a.insert(a.end(), args.begin(), args.end());
  std::string out = temp_dir("out");
  a.push_back("--out");
  a.push_back(out);
  a.push_back("--json");
  Outcome r = run_tessera(a);
  std::filesystem::remove_all(out);
  EXPECT_EQ(r.status, 0) << r.err;
  if (r.status != 0) return nlohmann::json::object();
  return nlohmann::json::parse(r.out);
}

std::string source_path(const std::string& rel) {
  return std::string(TESSERA_SOURCE_DIR) + "/" + rel;
}

std::string temp_dir(const std::string& name) {
  static int counter = 0;
  auto base =
      std::filesystem::temp_directory_path() /
      ("tessera-test-" + std::to_string(getpid()) + "-" + name + "-" + std::to_string(counter++));
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  return base.string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> shipped_configs(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(source_path(folder)))
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Plain string search: std::regex recursion overflows the stack on a page this long under the
// sanitizers.
std::map<std::string, int> chart_marks(const std::string& html) {
  std::map<std::string, int> marks;
  const std::string open = "<figure class=\"chart\" data-chart=\"";
  for (size_t p = html.find(open); p != std::string::npos; p = html.find(open, p + 1)) {
    const size_t id0 = p + open.size(), id1 = html.find('"', id0);
    const size_t end = id1 == std::string::npos ? std::string::npos : html.find("</figure>", id1);
    if (end == std::string::npos) break;
    const std::string body = html.substr(id1, end - id1);
    int n = 0;
    for (size_t q = body.find("class=\"mark"); q != std::string::npos;
         q = body.find("class=\"mark", q + 1))
      ++n;
    marks[html.substr(id0, id1 - id0)] = n;
  }
  return marks;
}

std::string config_test_name(const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

}  // namespace tessera_test
