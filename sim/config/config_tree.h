// Loading config documents (models/config/config_node.h) from YAML files.
// Files are YAML; `include:` (a path or a list of paths, relative to the including file) pulls
// other files in first and the including map's own keys override them; `--set a.b.c=v`
// overrides single values afterwards. The tree, not yaml-cpp's nodes, is what schemas read,
// because after includes and overrides one document mixes values from several files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "models/config/config_node.h"

namespace tessera {

// Loads a YAML file (resolving includes). Paths starting with '@' name files embedded in the
// binary (the shipped configs), so the default run needs no files on disk.
ConfigNode load_config_file(const std::string& path);

// Parses YAML text as if it were the file `name` (used for embedded files and tests).
ConfigNode load_config_text(const std::string& text, const std::string& name);

// Applies "a.b.c=value" (value parsed as YAML, so lists work). Sequence elements are addressed by
// index ("hardware.buffers.0.size=1MiB").
void apply_override(ConfigNode& root, const std::string& assignment);

// Sets a value at a dotted path, creating maps on the way.
void set_path(ConfigNode& root, const std::string& path, ConfigNode value);
const ConfigNode* find_path(const ConfigNode& root, const std::string& path);

// Writes the tree back as YAML (the resolved config saved next to every result).
std::string to_yaml(const ConfigNode& root);

// Reads a whole file from disk or from the embedded store; throws ConfigError if missing.
std::string read_source_file(const std::string& path);
bool source_file_exists(const std::string& path);

}  // namespace tessera
