// The core's own random numbers, identical on every platform.
#pragma once

#include <cstdint>

namespace hpiano {

// SplitMix64 finaliser: a bijective 64-bit mix, used to hash (seed, pool, cell)
// into the fixed random projections without storing them.
inline uint64_t mix64(uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// hash_combine(seed, a, b, c) = mix64(hash_prefix(seed, a, b) ^ mix64(c)): a
// loop over c with fixed (seed, a, b) computes the prefix once.
inline uint64_t hash_prefix(uint64_t seed, uint64_t a, uint64_t b) { return mix64(mix64(seed ^ mix64(a)) ^ b); }

inline uint64_t hash_combine(uint64_t seed, uint64_t a, uint64_t b, uint64_t c) {
  return mix64(hash_prefix(seed, a, b) ^ mix64(c));
}

// h % size: a hash's cell in a pool of `size` cells; a mask when size is a
// power of two (the same value, without a 64-bit division).
inline uint64_t reduce(uint64_t h, uint64_t size) { return (size & (size - 1)) == 0 ? h & (size - 1) : h % size; }

// Uniform double in (0, 1] from the top 53 bits of a 64-bit value.
inline double unit_interval(uint64_t bits) {
  // The value is below 2^53 + 1: converted as a signed integer (the same double, without the unsigned fix-up).
  return static_cast<double>(static_cast<int64_t>((bits >> 11) + 1)) * (1.0 / 9007199254740992.0);
}

// PCG32 (O'Neill 2014, XSH RR variant): 64-bit state, 32-bit output.
class Pcg32 {
 public:
  explicit Pcg32(uint64_t seed = 1) { Seed(seed); }

  void Seed(uint64_t seed) {
    state_ = 0;
    increment_ = (mix64(seed ^ 0xDA3E39CB94B95BDBull) << 1) | 1u;
    Next();
    state_ += mix64(seed);
    Next();
  }

  uint32_t Next() {
    const uint64_t old = state_;
    state_ = old * 6364136223846793005ull + increment_;
    const uint32_t xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    const uint32_t rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  // Uniform double in [0, 1) with 53 random bits.
  double Uniform() {
    const uint64_t high = Next() >> 5, low = Next() >> 6;
    return (static_cast<double>(high) * 67108864.0 + static_cast<double>(low)) * (1.0 / 9007199254740992.0);
  }

  uint64_t state() const { return state_; }
  uint64_t increment() const { return increment_; }
  void Restore(uint64_t state, uint64_t increment) {
    state_ = state;
    increment_ = increment | 1u;
  }

 private:
  uint64_t state_ = 0;
  uint64_t increment_ = 1;
};

}  // namespace hpiano
