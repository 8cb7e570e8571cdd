// Files compiled into the binary (every file under configs/), addressed as "@configs/...".
// They make `tessera run` with no arguments work from any directory.
#pragma once

#include <string>
#include <vector>

namespace tessera {

const std::string* find_embedded_file(const std::string& path);  // path without the leading '@'
std::vector<std::string> embedded_file_names();

}  // namespace tessera
