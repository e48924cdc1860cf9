#include "init.hpp"

#include <cmath>

namespace bp {

double init_range(Activation f, int s_in, int s_out) {
    switch (f) {
        case Activation::relu:
        case Activation::leaky_relu:  // He: variance 2 / s_in
            return std::sqrt(6.0 / s_in);
        default:  // Glorot: variance 2 / (s_in + s_out)
            return std::sqrt(6.0 / (s_in + s_out));
    }
}

Matrix initial_weights(std::uint32_t seed, int l, int s_out, int s_in, Activation f) {
    // One stream per (seed, l): the 32-bit seed goes into bits 8-39 and l into the low 8 bits
    // (l < DocumentLimits::max_layers = 32 < 256), so no two pairs start from the same state.
    SplitMix64 rng((static_cast<std::uint64_t>(seed) << 8) ^ static_cast<std::uint64_t>(l));
    const double r = init_range(f, s_in, s_out);
    Matrix W(s_out, s_in);
    for (int i = 0; i < s_out; ++i)
        for (int j = 0; j < s_in; ++j) W(i, j) = (2.0 * rng.uniform() - 1.0) * r;
    return W;
}

}  // namespace bp
