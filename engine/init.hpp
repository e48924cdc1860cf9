// Deterministic initialisation: the same numbers natively and in WebAssembly.
//
// The standard library's distributions are implementation-defined, so the generator and
// the uniform draw are written out here: SplitMix64 seeded by (seed, l), 53-bit uniform
// doubles, and a fan-in scaled uniform range:
//   Glorot (sigmoid, tanh, linear, softmax):  W_ij ~ U(-r, r), r = sqrt(6 / (s_l + s_{l+1}))
//   He (relu, leaky-relu):                    W_ij ~ U(-r, r), r = sqrt(6 / s_l)
// where the activation is that of layer l+1, the layer W^(l) feeds. Each W^(l) has a
// stream of its own, so re-initialising one layer gives the numbers a fresh network of the
// same shape would have, whatever the other layers are.
#pragma once

#include <cstdint>

#include "activation.hpp"
#include "types.hpp"

namespace bp {

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1), exactly representable: the top 53 bits over 2^53.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

// The half-width r of U(-r, r) for W^(l) (s_out x s_in) feeding a layer with activation f.
double init_range(Activation f, int s_in, int s_out);

// W^(l) drawn row by row (W_11, W_12, ..., W_21, ...) from the stream of (seed, l).
Matrix initial_weights(std::uint32_t seed, int l, int s_out, int s_in, Activation f);

}  // namespace bp
