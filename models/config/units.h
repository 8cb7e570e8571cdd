// Quantities with units, parsed from config text such as "1.4GHz", "64KiB", "25.6GB/s", "100ns".
// A bare number where a unit is required is an error: unit mix-ups (MT/s vs MHz, bits vs bytes)
// are the classic silent config bug (ramulator2 issue #72), so the unit is always spelled out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tessera {

enum class Quantity { Frequency, Bytes, Bandwidth, Time, Power, Energy, Area, Voltage };

// Parses `text` as a quantity of kind `q` and returns it in SI base units (Hz, bytes, bytes/s,
// seconds, watts, joules, mm^2, volts). On failure returns nullopt and sets `error` to a short
// reason ("missing unit", "unknown unit 'GHZ'", ...).
std::optional<double> parse_quantity(const std::string& text, Quantity q, std::string* error);

// The unit word shown in docs and errors, e.g. "frequency (e.g. 1.4GHz)".
const char* quantity_example(Quantity q);
const char* quantity_name(Quantity q);

// Formats a value in SI base units back to a compact human string with a unit ("1.4GHz").
std::string format_quantity(double value, Quantity q);

// Byte counts must be whole numbers; this checks and converts.
std::optional<uint64_t> parse_bytes(const std::string& text, std::string* error);

}  // namespace tessera
