// Writing output files so that no reader and no later run ever sees a half-written or mixed set.
//  - write_file: the text goes to a fresh temporary beside the target (O_CREAT|O_EXCL|O_NOFOLLOW,
//    so a planted file or symlink is never followed or overwritten), then is renamed over it; a
//    failed write removes the temporary.
//  - OutputSet: a run's files in one folder. Opening it removes what an earlier run left there
//    (every name a run may write), so a failure part-way leaves fewer files, never old ones
//    beside new ones; report.json is written last and marks the set complete.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tessera {

// Creates the output folder (and parents); throws std::runtime_error naming it.
std::filesystem::path output_folder(const std::string& dir);
// Writes beside the target and renames; throws std::runtime_error naming the file.
void write_file(const std::filesystem::path& path, const std::string& text);

class OutputSet {
 public:
  // Every file a run writes into its --out folder (chip or cluster).
  static const std::vector<std::string>& run_files();
  explicit OutputSet(const std::string& dir);
  void write(const std::string& name, const std::string& text) const {
    write_file(dir_ / name, text);
  }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace tessera
