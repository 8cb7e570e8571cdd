#include <gtest/gtest.h>

#include "models/config/units.h"

using namespace tessera;

namespace {
double q(const std::string& s, Quantity k) {
  std::string err;
  auto v = parse_quantity(s, k, &err);
  EXPECT_TRUE(v.has_value()) << s << ": " << err;
  return v.value_or(-1);
}
std::string fails(const std::string& s, Quantity k) {
  std::string err;
  auto v = parse_quantity(s, k, &err);
  EXPECT_FALSE(v.has_value()) << s;
  return err;
}
}  // namespace

TEST(Units, ParsesEveryKind) {
  EXPECT_DOUBLE_EQ(q("1.4GHz", Quantity::Frequency), 1.4e9);
  EXPECT_DOUBLE_EQ(q("800 MHz", Quantity::Frequency), 8e8);
  EXPECT_DOUBLE_EQ(q("64KiB", Quantity::Bytes), 65536);
  EXPECT_DOUBLE_EQ(q("2MB", Quantity::Bytes), 2e6);
  EXPECT_DOUBLE_EQ(q("25.6GB/s", Quantity::Bandwidth), 25.6e9);
  EXPECT_DOUBLE_EQ(q("100Gbps", Quantity::Bandwidth), 12.5e9);
  EXPECT_DOUBLE_EQ(q("100ns", Quantity::Time), 100e-9);
  EXPECT_DOUBLE_EQ(q("2W", Quantity::Power), 2);
  EXPECT_DOUBLE_EQ(q("0.2pJ", Quantity::Energy), 0.2e-12);
  EXPECT_DOUBLE_EQ(q("1.5mm2", Quantity::Area), 1.5);
}

TEST(Units, BareNumberIsAnError) {
  EXPECT_NE(fails("1000", Quantity::Frequency).find("missing unit"), std::string::npos);
}

TEST(Units, WrongUnitIsAnError) {
  EXPECT_NE(fails("1GB", Quantity::Frequency).find("unknown unit 'GB'"), std::string::npos);
  EXPECT_NE(fails("3GHZ", Quantity::Frequency).find("unknown unit"), std::string::npos);
}

TEST(Units, RejectsNonNumbers) {
  fails("fast", Quantity::Frequency);
  fails("", Quantity::Bytes);
  fails("infGHz", Quantity::Frequency);
  fails("nanGHz", Quantity::Frequency);
  fails("0x10GHz", Quantity::Frequency);
}

TEST(Units, BytesMustBeWholeAndNonNegative) {
  std::string err;
  EXPECT_EQ(parse_bytes("1.5KiB", &err).value(), 1536u);
  EXPECT_FALSE(parse_bytes("0.5B", &err).has_value());
  EXPECT_FALSE(parse_bytes("-1KiB", &err).has_value());
  EXPECT_FALSE(parse_bytes("1e30B", &err).has_value());
}

TEST(Units, FormatRoundTrips) {
  EXPECT_EQ(format_quantity(65536, Quantity::Bytes), "64KiB");
  EXPECT_EQ(format_quantity(1.4e9, Quantity::Frequency), "1.4GHz");
}
