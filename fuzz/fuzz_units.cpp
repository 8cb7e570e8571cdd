// libFuzzer target: the small text parsers every config and sweep value goes through.
//  - tessera::parse_quantity for each Quantity kind and tessera::parse_bytes
//  (models/config/units.h),
//    plus format_quantity on what parsed (the form reports print);
//  - tessera::Expression (sweep constraints and derived columns, sim/sweep/expression.h), and its
//    evaluation with every name worth 1.0; tessera::value_from_scalar (how sweeps read config
//    values).
// The whole input is one string, handed to each parser.
//
// TESSERA_FUZZ_VERBOSE=1 prints why each input was rejected (replaying a corpus by hand).
//
// Expected outcomes: a value, nullopt with an error text, or an exception derived from
// std::exception (ExprError). Anything else (crash, abort, undefined behaviour, leak, hang) is a
// finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>

#include "models/config/units.h"
#include "sim/sweep/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);

  using tessera::Quantity;
  for (Quantity q : {Quantity::Frequency, Quantity::Bytes, Quantity::Bandwidth, Quantity::Time,
                     Quantity::Power, Quantity::Energy, Quantity::Area, Quantity::Voltage}) {
    std::string err;
    if (std::optional<double> v = tessera::parse_quantity(text, q, &err))
      (void)tessera::format_quantity(*v, q);
  }
  {
    std::string err;
    (void)tessera::parse_bytes(text, &err);
  }
  (void)tessera::value_from_scalar(text);

  try {
    tessera::Expression e(text);
    auto one = [](const std::string&) -> std::optional<tessera::ExprValue> {
      return tessera::ExprValue::of(1.0);
    };
    (void)e.evaluate(one);
    (void)e.truth(one);
  } catch (const std::exception& e) {
    // ExprError: a syntax error, or text where a number is needed.
    if (std::getenv("TESSERA_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
  }
  return 0;
}
