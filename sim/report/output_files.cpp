#include "sim/report/output_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "traces/temporary_files.h"

namespace tessera {

std::filesystem::path output_folder(const std::string& dir) {
  std::filesystem::path d(dir);
  std::error_code ec;
  std::filesystem::create_directories(d, ec);
  if (ec || !std::filesystem::is_directory(d))
    throw std::runtime_error("cannot create output folder " + dir);
  return d;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  static std::atomic<unsigned> serial{0};
  std::filesystem::path tmp = path;
  tmp += ".partial." + std::to_string(getpid()) + "." + std::to_string(serial++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("write failed (disk full?): " + path.string() + ": " +
                               std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("write failed (disk full?): " + path.string());
  }
  // rename() replaces a symlink at `path` itself, never the file it points to.
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(err));
  }
}

const std::vector<std::string>& OutputSet::run_files() {
  static const std::vector<std::string> names = {"report.json", "layers.csv", "config.yaml",
                                                 "links.csv", "collectives.csv"};
  return names;
}

OutputSet::OutputSet(const std::string& dir) : dir_(output_folder(dir)) {
  // report.json first: from here on the folder says "no complete run" until the new one lands.
  for (const auto& name : run_files()) {
    std::error_code ec;
    std::filesystem::remove(dir_ / name, ec);
    if (ec)
      throw std::runtime_error("cannot replace " + (dir_ / name).string() + ": " + ec.message());
  }
}

}  // namespace tessera
