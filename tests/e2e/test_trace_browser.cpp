// Headless-browser checks (CTest label "browser"): Debian's chromium loads the HTML report and
// every chart in the page it builds has data marks, a screenshot is saved; speedscope, opened the
// way scripts/view_trace.sh opens it, imports a Tessera trace and renders it. Skipped where
// chromium is absent (scripts/setup.sh installs it, so CI runs them).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "tessera_runner.h"

using namespace tessera_test;
namespace fs = std::filesystem;

namespace {

std::string chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "";
}

int shell(const std::string& cmd) {
  return std::system(cmd.c_str());
}

// Screenshots are kept for people to look at.
std::string artifact(const std::string& name) {
  fs::path dir = fs::current_path() / "test-artifacts";
  fs::create_directories(dir);
  return (dir / name).string();
}

bool is_png(const std::string& path) {
  const std::string b = read_file(path);
  return b.size() > 1000 && b.compare(1, 3, "PNG") == 0;
}

}  // namespace

TEST(Browser, HtmlReportRendersEveryChart) {
  const std::string browser = chromium();
  if (browser.empty()) GTEST_SKIP() << "chromium is not installed";
  const std::string dir = temp_dir("browser-html");
  const std::string html = dir + "/report.html";
  run_json({"--hw", source_path("configs/clusters/ring-8.yaml"), "--model", "gpt2_small", "--batch",
            "4", "--set", "workload.mode=training", "--set", "cluster.parallelism.pp=2", "--set",
            "cluster.parallelism.microbatches=4", "--html", html});
  const std::string flags =
      " --headless --no-sandbox --disable-gpu-sandbox --window-size=1200,3000 ";
  ASSERT_EQ(shell("timeout 60 " + browser + flags + "--dump-dom file://" + html + " > " + dir +
                  "/dom.html 2>/dev/null"),
            0);
  const std::string png = artifact("report.png");
  fs::remove(png);
  ASSERT_EQ(shell("timeout 60 " + browser + flags + "--screenshot=" + png + " file://" + html +
                  " >/dev/null 2>&1"),
            0);
  EXPECT_TRUE(is_png(png)) << png;

  // The DOM as the browser built it: each chart figure holds an <svg> with data marks.
  const std::string dom = read_file(dir + "/dom.html");
  auto marks = chart_marks(dom);
  for (const char* id :
       {"link-heatmap", "collectives", "stages", "layer-time", "roofline", "energy", "power"}) {
    ASSERT_TRUE(marks.count(id)) << "chart " << id << " missing from the rendered page";
    EXPECT_GT(marks[id], 0) << "chart " << id << " is empty";
  }
  fs::remove_all(dir);
}

TEST(Browser, SpeedscopeRendersATesseraTrace) {
  if (chromium().empty()) GTEST_SKIP() << "chromium is not installed";
  const std::string dir = temp_dir("browser-trace");
  const std::string trace = dir + "/resnet18.json.gz";
  run_json(
      {"--hw", source_path("configs/hw/edge-npu.yaml"), "--model", "resnet18", "--trace", trace});
  const std::string png = artifact("speedscope.png");
  fs::remove(png);
  const int rc = shell(source_path("scripts/view_trace.sh") + " --screenshot " + png + " --dom " +
                       dir + "/dom.html " + trace + " 2> " + dir + "/err");
  const std::string err = read_file(dir + "/err");
  if (rc != 0 && err.find("npm") != std::string::npos)
    GTEST_SKIP() << "speedscope unavailable: " << err;
  ASSERT_EQ(rc, 0) << err;
  EXPECT_TRUE(is_png(png)) << png;
  const std::string dom = read_file(dir + "/dom.html");
  // speedscope titles the page after the imported file and lists the profiles (one per thread).
  EXPECT_NE(dom.find("<title>resnet18.json - speedscope</title>"), std::string::npos)
      << dom.substr(0, 600);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom, m, std::regex("\\(1/([0-9]+)\\)")))
      << "no profile selector in the page";
  EXPECT_GE(std::stoi(m[1]), 3);  // layers, PE array, vector unit, DMA lanes
  EXPECT_EQ(dom.find("Something went wrong"), std::string::npos);
  fs::remove_all(dir);
}
