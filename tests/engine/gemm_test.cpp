// The blocked matrix product of engine/gemm.cpp, C = scale op(A) op(B), with each operand as
// stored or transposed. Natively the network uses Eigen's products and only these tests call
// the kernels, with the plain-double micro-kernel: they check the cutting into tiles and
// blocks, the packing and the edges (and, in the sanitizer build, that nothing is read or
// written out of bounds). The WebAssembly SIMD micro-kernel is checked through the API by
// tests/wasm/products.test.js.
//
// Oracle: Eigen's product of the same matrices.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "gemm.hpp"

namespace {

using bp::Matrix;
using Eigen::Index;

// The kernel sums each entry's k products in another order (blocks of depth): a few ulp of the
// sum of their magnitudes, which is at most k for entries drawn from [-1, 1].
double tolerance(Index k) { return 1e-15 * static_cast<double>(k + 1) * 4; }

enum class Kind { AB, ABt, AtB };

std::string name_of(Kind kind) { return kind == Kind::AB ? "A B" : kind == Kind::ABt ? "A B^T" : "A^T B"; }

// C (m x n) = scale op(A) op(B) with the kernel and with Eigen; returns the largest difference.
double largest_difference(Kind kind, Index m, Index n, Index k, double scale) {
    const bool At = kind == Kind::AtB, Bt = kind == Kind::ABt;
    const Matrix A = At ? Matrix(Matrix::Random(k, m)) : Matrix(Matrix::Random(m, k));
    const Matrix B = Bt ? Matrix(Matrix::Random(n, k)) : Matrix(Matrix::Random(k, n));
    Matrix expected(m, n);
    if (kind == Kind::AB) expected.noalias() = scale * A * B;
    if (kind == Kind::ABt) expected.noalias() = scale * A * B.transpose();
    if (kind == Kind::AtB) expected.noalias() = scale * A.transpose() * B;
    Matrix C = Matrix::Constant(m, n, 12345.0);  // every entry must be overwritten
    bp::kernels::multiply(C.data(), m, n, k, scale, {A.data(), A.rows(), At}, {B.data(), B.rows(), Bt});
    return m * n == 0 ? 0.0 : (C - expected).cwiseAbs().maxCoeff();
}

class Product : public ::testing::TestWithParam<std::tuple<Kind, Index, Index, Index>> {};

TEST_P(Product, EqualsEigensProduct) {
    const auto [kind, m, n, k] = GetParam();
    EXPECT_LE(largest_difference(kind, m, n, k, 1.0), tolerance(k)) << name_of(kind) << ", " << m << " x " << n << " x " << k;
    EXPECT_LE(largest_difference(kind, m, n, k, 0.25), tolerance(k)) << name_of(kind) << " scaled";
}

// Sizes around every boundary of the kernel: straight loops (fewer than 4 rows or columns, or
// under 128 multiply-adds), whole 4 x 4 tiles, tiles cut off at the last rows and columns,
// 256 depths a block (600 = three blocks), 128 rows a block (129), 512 columns a block (600).
INSTANTIATE_TEST_SUITE_P(
    AwkwardSizes, Product,
    ::testing::Combine(::testing::Values(Kind::AB, Kind::ABt, Kind::AtB),
                       ::testing::Values<Index>(1, 3, 4, 5, 17, 129),  // rows of C
                       ::testing::Values<Index>(1, 4, 7, 129),         // columns of C
                       ::testing::Values<Index>(1, 2, 17, 130)));      // depth

INSTANTIATE_TEST_SUITE_P(
    EveryBlock, Product,
    ::testing::Values(std::make_tuple(Kind::AB, Index{129}, Index{7}, Index{600}),
                      std::make_tuple(Kind::ABt, Index{5}, Index{600}, Index{9}),
                      std::make_tuple(Kind::AtB, Index{131}, Index{13}, Index{517}),
                      std::make_tuple(Kind::AB, Index{257}, Index{515}, Index{33})));

TEST(Product, DepthZeroGivesZeros) {
    Matrix C = Matrix::Constant(3, 2, 7.0);
    const double none = 0.0;
    bp::kernels::multiply(C.data(), 3, 2, 0, 1.0, {&none, 3, false}, {&none, 0, false});
    EXPECT_TRUE(C.isZero(0.0));
}

TEST(Product, TheLayerFunctionsAreTheThreeProducts) {
    const Matrix W = Matrix::Random(5, 3), a = Matrix::Random(3, 4), delta = Matrix::Random(5, 4);
    Matrix z, dW, back;
    bp::multiply_AB(z, W, a);
    bp::multiply_ABt(dW, 0.25, delta, a);
    bp::multiply_AtB(back, W, delta);
    EXPECT_TRUE(z.isApprox(W * a, 1e-14));
    EXPECT_TRUE(dW.isApprox(0.25 * delta * a.transpose(), 1e-14));
    EXPECT_TRUE(back.isApprox(W.transpose() * delta, 1e-14));
}

}  // namespace
