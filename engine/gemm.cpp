// The matrix products of gemm.hpp for WebAssembly, where Eigen 3.4 has no SIMD kernels.
//
// C = scale op(A) op(B) is computed the classic way (Goto and van de Geijn, "Anatomy of
// high-performance matrix multiplication", 2008; the BLIS micro-kernel design):
//
//   - C is cut into tiles of MR x NR numbers, each summed in registers over the whole depth
//     k: the micro-kernel `tile` below, MR/2 x NR f64x2 accumulators, so every number of A
//     loaded is used NR times and every number of B MR times;
//   - the depth is cut into blocks of at most KC, and the rows of A into blocks of MC: a
//     block of A (MC x KC) is copied ("packed") strip by strip, MR rows at a time, in the
//     order the micro-kernel reads it, and so is a block of B (KC x NC), NR columns at a
//     time. The micro-kernel then reads both strictly in sequence, whatever the transposes,
//     and one strip of B (KC x NR, 8 KB) stays in the L1 cache while the strips of A stream
//     past it from L2;
//   - tiles at the edges are computed whole (the packed strips are padded with zeros) and
//     only their part inside C is written.
//
// Products too small to repay the copies (a single example, a 2-2-2 network) take straight
// loops instead, two numbers at a time.
#include "gemm.hpp"

#include <algorithm>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace bp::kernels {

namespace {

using Index = Eigen::Index;

// op(X)(i, p) = data[i row_step + p col_step]
struct Strided {
    const double* data;
    Index row_step, col_step;
    double operator()(Index i, Index p) const { return data[i * row_step + p * col_step]; }
};

Strided strided(const Operand& X) {
    return X.transposed ? Strided{X.data, X.ld, 1} : Strided{X.data, 1, X.ld};
}

// ---- small products: straight loops ---------------------------------------------------------

// With fewer rows or columns than a tile, or below this many multiply-adds (an 8 x 8 outer
// product of one example), packing costs more than the micro-kernel saves; from 4 x 4 x 8 on
// the tiles are faster (measured in Node 20).
constexpr Index kSmallProduct = 128;

// c = x b (`first`) or c += x b, over m numbers
void axpy(double* c, const double* x, double b, Index m, bool first) {
    Index i = 0;
#ifdef __wasm_simd128__
    const v128_t b2 = wasm_f64x2_splat(b);
    for (; i + 2 <= m; i += 2) {
        const v128_t xb = wasm_f64x2_mul(wasm_v128_load(x + i), b2);
        wasm_v128_store(c + i, first ? xb : wasm_f64x2_add(wasm_v128_load(c + i), xb));
    }
#endif
    for (; i < m; ++i) c[i] = first ? x[i] * b : c[i] + x[i] * b;
}

// sum_p x[p] y[p] over k numbers
double dot(const double* x, const double* y, Index k) {
    Index p = 0;
    double sum = 0.0;
#ifdef __wasm_simd128__
    v128_t sum2 = wasm_f64x2_splat(0.0);  // even and odd p apart
    for (; p + 2 <= k; p += 2) sum2 = wasm_f64x2_add(sum2, wasm_f64x2_mul(wasm_v128_load(x + p), wasm_v128_load(y + p)));
    sum = wasm_f64x2_extract_lane(sum2, 0) + wasm_f64x2_extract_lane(sum2, 1);
#endif
    for (; p < k; ++p) sum += x[p] * y[p];
    return sum;
}

void multiply_small(double* C, Index m, Index n, Index k, double scale, const Operand& A, const Operand& B) {
    const Strided op_B = strided(B);
    for (Index j = 0; j < n; ++j) {
        double* c = C + j * m;
        if (!A.transposed) {
            // column j of C = sum_p (column p of A) scale op(B)(p, j)
            for (Index p = 0; p < k; ++p) axpy(c, A.data + p * A.ld, scale * op_B(p, j), m, p == 0);
        } else if (!B.transposed) {
            // C(i, j) = scale (column i of A) . (column j of B)
            for (Index i = 0; i < m; ++i) c[i] = scale * dot(A.data + i * A.ld, B.data + j * B.ld, k);
        } else {
            for (Index i = 0; i < m; ++i) {
                double sum = 0.0;
                for (Index p = 0; p < k; ++p) sum += A.data[p + i * A.ld] * op_B(p, j);
                c[i] = scale * sum;
            }
        }
    }
}

// ---- packing ----------------------------------------------------------------------------------

constexpr int MR = 4;        // rows of a register tile of C (MR/2 f64x2)
constexpr int NR = 4;        // columns of a register tile
constexpr Index KC = 256;    // most depths in a block: a KC x NR strip of B is 8 KB (L1)
constexpr Index MC = 128;    // rows of A in a block: MC x KC is 256 KB (L2)
constexpr Index NC = 512;    // columns of B in a block

// Blocks of A and B as the micro-kernel reads them; grown when a product needs more, never
// shrunk, so that a pass does not allocate.
thread_local std::vector<double> packed_A, packed_B;

double* workspace(std::vector<double>& buffer, Index size) {
    if (static_cast<Index>(buffer.size()) < size) buffer.resize(static_cast<std::size_t>(size));
    return buffer.data();
}

// Packs `count` rows of X (from row r0) over depths p0 .. p0+kc-1, as strips of W rows:
// within a strip, depth after depth, W numbers each, zeros past the last row. X(r, p) is
// op(A)(i, p) for A, and op(B)(p, j) read as (j, p) for B.
template <int W>
void pack(double* out, const Strided& X, Index r0, Index count, Index p0, Index kc) {
    for (Index s = 0; s < count; s += W) {
        const Index rows = std::min<Index>(W, count - s);
        const double* x = X.data + (r0 + s) * X.row_step + p0 * X.col_step;
        if (rows == W && X.row_step == 1) {  // W numbers side by side at every depth: copy them
            for (Index p = 0; p < kc; ++p, out += W, x += X.col_step)
                for (int r = 0; r < W; ++r) out[r] = x[r];
        } else if (rows == W && X.col_step == 1) {  // W rows, each contiguous in depth: interleave
            for (Index p = 0; p < kc; ++p, out += W)
                for (Index r = 0; r < W; ++r) out[r] = x[r * X.row_step + p];
        } else {
            for (Index p = 0; p < kc; ++p, out += W) {
                for (Index r = 0; r < rows; ++r) out[r] = x[r * X.row_step + p * X.col_step];
                for (Index r = rows; r < W; ++r) out[r] = 0.0;
            }
        }
    }
}

// ---- the micro-kernel ------------------------------------------------------------------------

// The MR x NR tile of C at `c` (leading dimension ldc) gets scale * sum_p a_p b_p^T, over the
// kc depths of a packed strip of A (`a`) and of B (`b`): written, or added when `accumulate`
// (the blocks of depth after the first). Only `rows` x `cols` of it lie inside C.
#ifdef __wasm_simd128__
void tile(Index kc, const double* a, const double* b, double* c, Index ldc, double scale, bool accumulate, Index rows,
          Index cols) {
    v128_t sum[MR / 2][NR];  // sum[r][j] holds rows 2r, 2r+1 of column j
    for (auto& column : sum)
        for (auto& v : column) v = wasm_f64x2_splat(0.0);
    for (const double* const a_end = a + kc * MR; a != a_end; a += MR, b += NR) {
        v128_t a_p[MR / 2];
        for (int r = 0; r < MR / 2; ++r) a_p[r] = wasm_v128_load(a + 2 * r);
        for (int j = 0; j < NR; ++j) {
            const v128_t b_pj = wasm_v128_load64_splat(b + j);
            for (int r = 0; r < MR / 2; ++r) sum[r][j] = wasm_f64x2_add(sum[r][j], wasm_f64x2_mul(a_p[r], b_pj));
        }
    }
    const v128_t s = wasm_f64x2_splat(scale);
    if (rows == MR && cols == NR) {
        for (int j = 0; j < NR; ++j)
            for (int r = 0; r < MR / 2; ++r) {
                double* out = c + j * ldc + 2 * r;
                v128_t v = wasm_f64x2_mul(s, sum[r][j]);
                if (accumulate) v = wasm_f64x2_add(wasm_v128_load(out), v);
                wasm_v128_store(out, v);
            }
        return;
    }
    double whole[NR][MR];
    for (int j = 0; j < NR; ++j)
        for (int r = 0; r < MR / 2; ++r) wasm_v128_store(&whole[j][2 * r], wasm_f64x2_mul(s, sum[r][j]));
    for (Index j = 0; j < cols; ++j)
        for (Index r = 0; r < rows; ++r) c[j * ldc + r] = accumulate ? c[j * ldc + r] + whole[j][r] : whole[j][r];
}
#else
void tile(Index kc, const double* a, const double* b, double* c, Index ldc, double scale, bool accumulate, Index rows,
          Index cols) {
    double sum[NR][MR] = {};
    for (Index p = 0; p < kc; ++p, a += MR, b += NR)
        for (int j = 0; j < NR; ++j)
            for (int r = 0; r < MR; ++r) sum[j][r] += a[r] * b[j];
    for (Index j = 0; j < cols; ++j)
        for (Index r = 0; r < rows; ++r) {
            const double v = scale * sum[j][r];
            c[j * ldc + r] = accumulate ? c[j * ldc + r] + v : v;
        }
}
#endif

void multiply_packed(double* C, Index m, Index n, Index k, double scale, const Strided& A, const Strided& B) {
    const Strided B_rows{B.data, B.col_step, B.row_step};  // op(B)^T: row j is column j of op(B)
    const Index blocks = (k + KC - 1) / KC;
    const Index kc_max = (k + blocks - 1) / blocks;  // depth blocks of equal size, none tiny
    const Index mc_max = std::min(MC, m), nc_max = std::min(NC, n);
    double* A_packed = workspace(packed_A, (mc_max + MR - 1) / MR * MR * kc_max);
    double* B_packed = workspace(packed_B, (nc_max + NR - 1) / NR * NR * kc_max);
    for (Index j0 = 0; j0 < n; j0 += NC) {
        const Index nc = std::min(NC, n - j0);
        for (Index p0 = 0; p0 < k; p0 += kc_max) {
            const Index kc = std::min(kc_max, k - p0);
            pack<NR>(B_packed, B_rows, j0, nc, p0, kc);
            for (Index i0 = 0; i0 < m; i0 += MC) {
                const Index mc = std::min(MC, m - i0);
                pack<MR>(A_packed, A, i0, mc, p0, kc);
                for (Index j = 0; j < nc; j += NR)
                    for (Index i = 0; i < mc; i += MR)
                        tile(kc, A_packed + i * kc, B_packed + j * kc, C + (i0 + i) + (j0 + j) * m, m, scale, p0 > 0,
                             std::min<Index>(MR, mc - i), std::min<Index>(NR, nc - j));
            }
        }
    }
}

}  // namespace

void multiply(double* C, Index m, Index n, Index k, double scale, Operand A, Operand B) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        std::fill(C, C + m * n, 0.0);
        return;
    }
    if (m < MR || n < NR || m * n * k < kSmallProduct)
        multiply_small(C, m, n, k, scale, A, B);
    else
        multiply_packed(C, m, n, k, scale, strided(A), strided(B));
}

}  // namespace bp::kernels
