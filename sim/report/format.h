// Number formatting shared by the report writers, and the atomic file write they all use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace tessera {

std::string fmt(const char* f, double v);    // printf-style, one value
std::string grouped(uint64_t v);             // 1,234,567
std::string si(double v, const char* unit);  // 1.23 GB
std::string seconds(double s);               // 1.234 ms
std::string joules(double j);                // 1.234 mJ
// Creates the output folder (and parents); throws std::runtime_error naming it.
std::filesystem::path output_folder(const std::string& dir);
// Writes beside the target and renames, so a reader never sees a half-written file.
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace tessera
