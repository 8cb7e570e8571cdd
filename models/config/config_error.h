// Typed errors, caught once in main (DESIGN.md style note 11): every library reports a problem by
// throwing one of these, never by exit() or a silent fallback.
#pragma once

#include <stdexcept>
#include <string>

#include "models/spec/errors.h"

namespace tessera {

// Where a config value came from: a file and line, or a --set override.
struct SourceLoc {
  std::string file;  // path as the user gave it, "--set", or "@configs/..." for embedded files
  int line = 0;      // 1-based; 0 when unknown (command-line overrides)
  std::string describe() const {
    if (file.empty()) return "<config>";
    return line > 0 ? file + ":" + std::to_string(line) : file;
  }
};

// A problem with user configuration: names the file, the line and the key path.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourceLoc loc, std::string key, const std::string& message)
      : std::runtime_error(format(loc, key, message)), loc_(std::move(loc)), key_(std::move(key)) {}
  const SourceLoc& loc() const { return loc_; }
  const std::string& key() const { return key_; }

 private:
  static std::string format(const SourceLoc& loc, const std::string& key, const std::string& msg) {
    std::string s = loc.describe();
    if (!key.empty()) s += ": " + key;
    return s + ": " + msg;
  }
  SourceLoc loc_;
  std::string key_;
};

}  // namespace tessera
