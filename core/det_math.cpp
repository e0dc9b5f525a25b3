#include "det_math.h"

#include <cmath>
#include <limits>

namespace hpiano {

// log(x) = e*ln2 + log(m), m in [sqrt(1/2), sqrt(2)); log(m) = 2 atanh(s) with
// s = (m-1)/(m+1), |s| < 0.1716, summed as an odd series 2(s + s^3/3 + ...).
double det_log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int exponent = 0;
  double mantissa = det_frexp(x, &exponent);  // exact: x = mantissa * 2^exponent, mantissa in [0.5, 1)
  if (mantissa < 0.70710678118654752440) {
    mantissa *= 2;
    exponent -= 1;
  }
  const double s = (mantissa - 1) / (mantissa + 1);
  const double s2 = s * s;
  // |s|^2 < 0.0295: 14 terms bring the remainder below 1e-17.
  double series = 0;
  for (int k = 27; k >= 3; k -= 2) series = (series + 1.0 / k) * s2;
  const double log_mantissa = 2 * s * (1 + series);
  const double ln2_hi = 6.93147180369123816490e-01;  // ln 2 split so e*ln2_hi is exact
  const double ln2_lo = 1.90821492927058770002e-10;
  return exponent * ln2_hi + (log_mantissa + exponent * ln2_lo);
}

// e^x = 2^n e^r with n = round(x / ln2) and |r| <= ln2/2, e^r by its Taylor series.
double det_exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.0) return std::numeric_limits<double>::infinity();
  if (x < -745.0) return 0.0;
  const double ln2_hi = 6.93147180369123816490e-01;
  const double ln2_lo = 1.90821492927058770002e-10;
  const double n = std::floor(x * 1.44269504088896340736 + 0.5);
  const double r = (x - n * ln2_hi) - n * ln2_lo;
  double term = 1, sum = 1;
  for (int k = 1; k <= 18; ++k) {
    term *= r / k;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

}  // namespace hpiano
