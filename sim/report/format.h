// Number formatting shared by the report writers (files: sim/report/output_files.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "sim/report/output_files.h"

namespace tessera {

std::string fmt(const char* f, double v);    // printf-style, one value
std::string grouped(uint64_t v);             // 1,234,567
std::string si(double v, const char* unit);  // 1.23 GB
std::string seconds(double s);               // 1.234 ms
std::string joules(double j);                // 1.234 mJ

}  // namespace tessera
