// Deterministic elementary functions.
//
// The network must give bit-identical results natively (glibc) and in
// WebAssembly (musl), and the two C libraries may round log/exp differently in
// the last bit. These use only IEEE +, -, *, / and exact scaling by powers of
// two, so every platform computes the same double.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace hpiano {

// std::frexp for x > 0, finite: x = mantissa * 2^exponent, mantissa in [0.5, 1),
// exact. A normal x's are read from its bits (no call into the C library).
inline double det_frexp(double x, int* exponent) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const int biased = static_cast<int>(bits >> 52 & 0x7FF);
  if (biased == 0) return std::frexp(x, exponent);  // subnormal
  *exponent = biased - 1022;
  bits = (bits & ((1ull << 52) - 1)) | (1022ull << 52);
  double mantissa;
  std::memcpy(&mantissa, &bits, sizeof mantissa);
  return mantissa;
}

// Natural logarithm, relative error below 1e-15 for x > 0; -inf for x == 0.
double det_log(double x);

// e^x, relative error below 1e-15; 0 below -745, +inf above 709.
double det_exp(double x);

inline double det_log2(double x) { return det_log(x) * 1.4426950408889634073599; }

}  // namespace hpiano
