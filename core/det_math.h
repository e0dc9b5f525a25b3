// Deterministic elementary functions.
//
// The network must give bit-identical results natively (glibc) and in
// WebAssembly (musl), and the two C libraries may round log/exp differently in
// the last bit. These use only IEEE +, -, *, / and exact scaling by powers of
// two, so every platform computes the same double.
#pragma once

namespace hpiano {

// Natural logarithm, relative error below 1e-15 for x > 0; -inf for x == 0.
double det_log(double x);

// e^x, relative error below 1e-15; 0 below -745, +inf above 709.
double det_exp(double x);

inline double det_log2(double x) { return det_log(x) * 1.4426950408889634073599; }

}  // namespace hpiano
