// The sigmoid 1 / (1 + e^-z) for two doubles at once in WebAssembly SIMD. Natively Eigen
// computes e^x with its own vectorised polynomial; Eigen 3.4 has no WebAssembly packet math,
// so under -msimd128 it calls the C library's exp one number at a time. This is the same
// algorithm as Eigen's e^x (pexp_double in Eigen/src/Core/arch/Default/
// GenericPacketMathFunctions.h, after Cephes), folded into the sigmoid so that one division
// does: within a few units in the last place of the exact sigmoid.
#pragma once

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

namespace bp::simd {

// 1 / (1 + e^-z), lane by lane; z = +inf gives 1, -inf gives 0, NaN gives NaN.
inline v128_t sigmoid(v128_t z) {
    const auto c = [](double v) { return wasm_f64x2_splat(v); };
    const auto madd = [](v128_t a, v128_t b, v128_t d) { return wasm_f64x2_add(wasm_f64x2_mul(a, b), d); };
    // x = -z, clamped (pmin/pmax keep a NaN); e^x = 2^n e^g with n = round(x / log 2) and
    // g = x - n log 2, subtracted in two parts (C1 + C2 = log 2) to keep its last digits.
    v128_t g = wasm_f64x2_pmax(wasm_f64x2_pmin(wasm_f64x2_neg(z), c(709.784)), c(-709.784));
    const v128_t n = wasm_f64x2_floor(madd(c(1.4426950408889634073599), g, c(0.5)));
    g = wasm_f64x2_sub(g, wasm_f64x2_mul(n, c(0.693145751953125)));
    g = wasm_f64x2_sub(g, wasm_f64x2_mul(n, c(1.42860682030941723212e-6)));
    // e^g = (q + p) / (q - p) with Cephes' polynomials p (odd) and q (even) on |g| <= log(2)/2
    const v128_t g2 = wasm_f64x2_mul(g, g);
    v128_t p = madd(c(1.26177193074810590878e-4), g2, c(3.02994407707441961300e-2));
    p = wasm_f64x2_mul(madd(p, g2, c(9.99999999999999999910e-1)), g);
    v128_t q = madd(c(3.00198505138664455042e-6), g2, c(2.52448340349684104192e-3));
    q = madd(q, g2, c(2.27265548208155028766e-1));
    q = madd(q, g2, c(2.00000000000000000009e0));
    // 2^n = 2^h 2^(n-h) with h = floor(n/2), so that neither factor overflows or underflows for
    // any n in [-1024, 1024]. 2^k is the double whose exponent bits hold k + 1023: adding
    // 1.5 2^52 to the (integer) double k + 1023 leaves k + 1023 in its low bits, and a shift
    // by 52 moves them into the exponent field (and everything else out).
    const auto two_to = [&](v128_t k) {
        return wasm_i64x2_shl(wasm_f64x2_add(k, c(1023.0 + 6755399441055744.0)), 52);
    };
    const v128_t h = wasm_f64x2_floor(wasm_f64x2_mul(n, c(0.5)));
    const v128_t scaled_q_plus_p =
        wasm_f64x2_mul(wasm_f64x2_mul(wasm_f64x2_add(q, p), two_to(h)), two_to(wasm_f64x2_sub(n, h)));
    // 1 / (1 + e^x) = (q - p) / ((q - p) + 2^n (q + p)); an overflow of 2^n (q + p) gives 0
    const v128_t q_minus_p = wasm_f64x2_sub(q, p);
    return wasm_f64x2_div(q_minus_p, wasm_f64x2_add(q_minus_p, scaled_q_plus_p));
}

}  // namespace bp::simd

#endif
