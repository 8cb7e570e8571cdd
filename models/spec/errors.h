// Error types shared by every library (DESIGN.md style note 11): thrown, caught once in main.
#pragma once

#include <stdexcept>
#include <string>

namespace tessera {

// `s` with every control character (newline, escape, ...) written as \xNN: a message that
// quotes a user's string stays on one line and cannot drive the terminal.
inline std::string printable(const std::string& s) {
  static const char* const hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A problem with a model or workload input (ONNX file, zoo parameters, graph shape).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The lowering cannot map an operator onto the hardware (no tile fits the buffers, an
// unsupported precision): names the operator and the limiting resource.
class MappingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A hardware model found itself in an impossible state (deadlock, no progress) at a known time.
class ModelError : public std::runtime_error {
 public:
  ModelError(std::string block, double time_s, const std::string& message)
      : std::runtime_error(block + " at t=" + std::to_string(time_s) + "s: " + message),
        block_(std::move(block)) {}
  const std::string& block() const { return block_; }

 private:
  std::string block_;
};

}  // namespace tessera
