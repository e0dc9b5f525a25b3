// The deterministic elementary functions' pieces.
#include "det_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "random.h"

namespace hpiano {
namespace {

// det_frexp reads a normal number's exponent from its bits: it must split every
// positive finite double exactly as std::frexp does, subnormals and powers of two included.
TEST(DetFrexp, SplitsEveryPositiveFiniteDoubleAsFrexpDoes) {
  std::vector<double> values = {1.0,
                                0.5,
                                0.75,
                                std::nextafter(1.0, 0.0),
                                std::nextafter(1.0, 2.0),
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::min() / 3,
                                std::numeric_limits<double>::max(),
                                1e-300,
                                1e300};
  uint64_t bits = 1;
  for (int i = 0; i < 10000; ++i) {
    bits = mix64(bits);
    const double value = std::ldexp(unit_interval(bits), static_cast<int>(bits % 2000) - 1000);
    if (value > 0 && std::isfinite(value)) values.push_back(value);
  }
  for (double value : values) {
    int expected_exponent = 0, exponent = 0;
    const double expected = std::frexp(value, &expected_exponent);
    EXPECT_EQ(det_frexp(value, &exponent), expected) << value;
    EXPECT_EQ(exponent, expected_exponent) << value;
  }
}

}  // namespace
}  // namespace hpiano
