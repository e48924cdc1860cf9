// This CPU's limit for the engine's products in WebAssembly: how many f64x2 multiply-adds a
// second V8 runs when nothing but the arithmetic stands in the way.
//
// A multiply-add here is what engine/gemm.cpp's micro-kernel does for every pair of numbers of
// op(A) and op(B): one f64x2.mul and one f64x2.add (WebAssembly SIMD128 has no fused
// multiply-add), 2 flops on each of 2 lanes. The kernel keeps `N` independent pairs of doubles
// x_1 .. x_N in registers and runs, `steps` times over,
//
//   x_i <- x_i c + d,   i = 1 .. N
//
// so a step is N multiply-adds and nothing else (no loads, no stores: the chains live in
// registers). Each x_i waits for its own previous value, a multiply then an add; with enough
// chains side by side the processor always has independent work and the rate is its
// throughput of f64x2 multiplies and adds. N = 12 is as many as fit in x86-64's 16 vector
// registers beside c, d and V8's scratch register; N = 8 and 10 are measured too, to see that
// the rate no longer grows with N (the latency is hidden).
//
// c < 1: every chain tends to d / (1 - c), so no value overflows or becomes subnormal whatever
// the number of steps. The result, the sum of every lane, lets the bench check that all the
// steps ran (bench/simd-peak.mjs computes the same recurrence in JavaScript).
//
// Built by bench/simd-peak.mjs with em++ -O3 -msimd128 (CMakeLists.txt, target simd_peak).
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

#include <limits>

namespace {

template <int N>
double chains(int steps, double c, double d) {
    v128_t x[N];
    for (int i = 0; i < N; ++i) x[i] = wasm_f64x2_make(1.0 + i, 1.5 + i);
    const v128_t c2 = wasm_f64x2_splat(c);
    const v128_t d2 = wasm_f64x2_splat(d);
    for (int t = 0; t < steps; ++t)
        for (int i = 0; i < N; ++i) x[i] = wasm_f64x2_add(wasm_f64x2_mul(x[i], c2), d2);
    v128_t sum = x[0];
    for (int i = 1; i < N; ++i) sum = wasm_f64x2_add(sum, x[i]);
    return wasm_f64x2_extract_lane(sum, 0) + wasm_f64x2_extract_lane(sum, 1);
}

}  // namespace

// `steps` steps of `accumulators` (8, 10 or 12) chains; the sum of every lane, or NaN for
// another number of chains.
extern "C" EMSCRIPTEN_KEEPALIVE double simd_peak(int accumulators, int steps, double c, double d) {
    switch (accumulators) {
        case 8: return chains<8>(steps, c, d);
        case 10: return chains<10>(steps, c, d);
        case 12: return chains<12>(steps, c, d);
        default: return std::numeric_limits<double>::quiet_NaN();
    }
}
