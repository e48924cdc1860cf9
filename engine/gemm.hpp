// The three matrix products of a dense layer, each a line of the notes:
//
//   multiply_AB (C, A, B)         C = A B           z^(l+1) = W^(l) a^(l)
//   multiply_ABt(C, s, A, B)      C = s A B^T       dJ/dW^(l) = (1/m) delta^(l+1) (a^(l))^T
//   multiply_AtB(C, A, B)         C = A^T B         delta^(l) = (W^(l))^T delta^(l+1)
//
// C is overwritten (and resized if its shape differs: the passes size everything beforehand,
// so they never allocate here). C must not be A or B.
//
// Natively these are the Eigen expressions, computed by Eigen's kernels for the CPU (SSE, AVX,
// FMA). Eigen 3.4 has no WebAssembly SIMD kernels: compiled with -msimd128, its products run
// one double at a time, so there the same products go to the kernels below (gemm.cpp),
// written with WebAssembly's 128-bit f64x2 operations. Both compute the same sums up to
// rounding (the order of the additions differs).
#pragma once

#include "types.hpp"

namespace bp {

namespace kernels {

// A column-major operand as the product reads it: op(X)(i, p) is X[i + p ld], or with
// `transposed`, X[p + i ld] (the transpose of the stored matrix).
struct Operand {
    const double* data;
    Eigen::Index ld;  // leading dimension: rows of the stored matrix
    bool transposed;
};

// C = scale op(A) op(B): C is m x n (column-major, leading dimension m), op(A) is m x k and
// op(B) is k x n. Register-blocked and cache-blocked, with f64x2 operations under -msimd128
// and plain doubles elsewhere (natively only the tests call it: tests/engine/gemm_test.cpp).
void multiply(double* C, Eigen::Index m, Eigen::Index n, Eigen::Index k, double scale, Operand A, Operand B);

}  // namespace kernels

// C = A B
inline void multiply_AB(Matrix& C, const Matrix& A, const Matrix& B) {
#ifdef __wasm_simd128__
    C.resize(A.rows(), B.cols());
    kernels::multiply(C.data(), A.rows(), B.cols(), A.cols(), 1.0, {A.data(), A.rows(), false}, {B.data(), B.rows(), false});
#else
    C.noalias() = A * B;
#endif
}

// C = scale A B^T
inline void multiply_ABt(Matrix& C, double scale, const Matrix& A, const Matrix& B) {
#ifdef __wasm_simd128__
    C.resize(A.rows(), B.rows());
    kernels::multiply(C.data(), A.rows(), B.rows(), A.cols(), scale, {A.data(), A.rows(), false}, {B.data(), B.rows(), true});
#else
    C.noalias() = scale * A * B.transpose();
#endif
}

// C = A^T B
inline void multiply_AtB(Matrix& C, const Matrix& A, const Matrix& B) {
#ifdef __wasm_simd128__
    C.resize(A.cols(), B.cols());
    kernels::multiply(C.data(), A.cols(), B.cols(), A.rows(), 1.0, {A.data(), A.rows(), true}, {B.data(), B.rows(), false});
#else
    C.noalias() = A.transpose() * B;
#endif
}

}  // namespace bp
