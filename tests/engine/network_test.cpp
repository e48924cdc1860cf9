// The network: forward pass, cost, backward pass, gradient descent, gradient check, planted
// bugs and the seeded initialisation, in the notation of docs/NOTATION.md:
//
//   z^(l+1) = W^(l) a^(l) + b^(l),  a^(l+1) = f(z^(l+1))
//   delta^(L) = (a^(L) - y) o f'(z^(L))   (mse)     delta^(L) = a^(L) - y   (softmax + cross-entropy)
//   delta_i^(l) = (sum_j W_ji^(l) delta_j^(l+1)) f'(z_i^(l)),  i.e. (W^(l))^T delta^(l+1) o f'(z^(l))
//   dJ/dW^(l) = delta^(l+1) (a^(l))^T,  dJ/db^(l) = delta^(l+1)   (batch: means; decay: + lambda W^(l))
//
// Oracles, never the engine's own printed output:
//   1. hand-worked values for the 2-2-2 example of the notes (and a 2-2-3 softmax variant),
//      each literal with its derivation next to it; computed with plain Python floats
//      (math.exp, math.log) by hand_values.py in this folder, which prints every literal;
//   2. `naive_pass` below: a second implementation written with plain loops over examples,
//      units and weights (no Eigen products), including the documented planted bugs;
//   3. central differences of J computed here, parameter by parameter.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "document.hpp"
#include "init.hpp"
#include "network.hpp"

namespace {

using bp::Activation;
using bp::Loss;
using bp::Matrix;
using bp::Network;
using bp::PlantedBug;
using bp::Vector;

// Python's math.exp and glibc's exp are both correctly rounded or within an ulp; after a
// dozen operations the hand values agree to ~1e-16.
constexpr double kHandTolerance = 1e-12;
// The naive loops and Eigen's products add the same terms in different orders.
constexpr double kReferenceTolerance = 1e-12;
// docs/NOTATION.md: "agreement to about 1e-7 in double precision means the backward pass is right".
constexpr double kGradientCheckTolerance = 1e-7;
// Two central differences of the same J computed by different code (engine, naive loops)
// differ by rounding of J divided by 2 epsilon: ~1e-16 / 2e-4 ~ 1e-12 per unit of J.
constexpr double kCentralDifferenceAgreement = 1e-9;
// The Richardson derivative (below) is accurate to ~1e-12 absolute for J of order 1.
constexpr double kRichardsonAgreement = 1e-10;
// A planted bug is "visible" when the gradient check's relative error is at least this.
constexpr double kBugVisible = 1e-3;
// relu / leaky-relu units of a gradient-checked network keep every |z| at least this far
// from the kink, so that no central difference (epsilon = 1e-4) straddles it.
constexpr double kKinkMargin = 0.05;

// ---- comparison helpers -------------------------------------------------------------------

// |actual - expected| <= tolerance * max(1, |expected|)
::testing::AssertionResult Close(double actual, double expected, double tolerance) {
    if (std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected)))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "actual " << actual << " expected " << expected << " (difference "
                                         << actual - expected << ", tolerance " << tolerance << ")";
}

::testing::AssertionResult MatrixClose(const Matrix& actual, const Matrix& expected, double tolerance) {
    if (actual.rows() != expected.rows() || actual.cols() != expected.cols())
        return ::testing::AssertionFailure() << "shape " << actual.rows() << "x" << actual.cols() << ", expected "
                                             << expected.rows() << "x" << expected.cols();
    for (Eigen::Index i = 0; i < actual.rows(); ++i)
        for (Eigen::Index j = 0; j < actual.cols(); ++j) {
            auto r = Close(actual(i, j), expected(i, j), tolerance);
            if (!r) return r << " at (" << i + 1 << ", " << j + 1 << ")";
        }
    return ::testing::AssertionSuccess();
}

// max |actual - expected| / max |expected|: how far a wrong gradient is from the right one.
double RelativeDifference(const Matrix& actual, const Matrix& expected) {
    return (actual - expected).cwiseAbs().maxCoeff() / expected.cwiseAbs().maxCoeff();
}

bool BitIdentical(const Matrix& a, const Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

Matrix M(std::initializer_list<std::initializer_list<double>> rows) {
    Matrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.begin()->size()));
    Eigen::Index i = 0;
    for (const auto& row : rows) {
        Eigen::Index j = 0;
        for (double v : row) m(i, j++) = v;
        ++i;
    }
    return m;
}

Matrix Col(std::initializer_list<double> values) {
    Matrix m(static_cast<Eigen::Index>(values.size()), 1);
    Eigen::Index i = 0;
    for (double v : values) m(i++, 0) = v;
    return m;
}

double max_relative_error(const std::vector<bp::GradientCheckEntry>& entries) {
    double worst = 0;
    for (const auto& e : entries) worst = std::max(worst, e.relative_error);
    return worst;
}

// ---- the 2-2-2 example of the notes -------------------------------------------------------

constexpr const char* kTwoTwoTwo = R"({
    "layers": [2, 2, 2],
    "activations": "sigmoid",
    "loss": "mse",
    "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]],
    "biases": [[0.1, 0.1], [0.2, 0.2]],
    "input": [0.5, 0.25],
    "target": [0, 1]
})";

bp::NetworkDocument document(const std::string& text) {
    auto r = bp::parse_document(text);
    EXPECT_TRUE(r.document.has_value()) << r.field << ": " << r.error;
    return r.document ? *r.document : bp::NetworkDocument{};
}

Network two_two_two() { return Network(document(kTwoTwoTwo)); }

// Hand values (sigma(z) = 1 / (1 + e^-z)):
//   z_1^(2) = 0.1*0.5 + 0.2*0.25 + 0.1 = 0.05 + 0.05 + 0.1 = 0.2
//   z_2^(2) = 0.3*0.5 + 0.4*0.25 + 0.1 = 0.15 + 0.1 + 0.1 = 0.35
constexpr double z2_1 = 0.2, z2_2 = 0.35;
//   a^(2) = sigma(z^(2))
constexpr double a2_1 = 0.549833997312478;   // sigma(0.2)
constexpr double a2_2 = 0.5866175789173301;  // sigma(0.35)
//   f'(z^(2)) = a (1 - a)
constexpr double fp2_1 = 0.24751657271185995;  // 0.549833997312478 * 0.450166002687522
constexpr double fp2_2 = 0.2424973950225001;   // 0.5866175789173301 * 0.4133824210826699
//   z_1^(3) = 0.5 a_1^(2) + 0.6 a_2^(2) + 0.2 = 0.274916998656239 + 0.351970547350398 + 0.2
//   z_2^(3) = 0.7 a_1^(2) + 0.8 a_2^(2) + 0.2 = 0.384883798118735 + 0.469294063133864 + 0.2
constexpr double z3_1 = 0.8268875460066369, z3_2 = 1.0541778612525987;
constexpr double a3_1 = 0.6956964158773198;  // sigma(0.8268875460066369)
constexpr double a3_2 = 0.7415763558459262;  // sigma(1.0541778612525987)
constexpr double fp3_1 = 0.2117029128127711;   // a3_1 (1 - a3_1)
constexpr double fp3_2 = 0.19164086429620245;  // a3_2 (1 - a3_2)
//   J = 1/2 ((a_1^(3) - 0)^2 + (a_2^(3) - 1)^2) = 1/2 (0.48399350... + 0.06678278...)
constexpr double J_hand = 0.27538814146121005;
//   delta^(3) = (a^(3) - y) o f'(z^(3))
//     delta_1^(3) = (0.6956964158773198 - 0) * 0.2117029128127711
//     delta_2^(3) = (0.7415763558459262 - 1) * 0.19164086429620245
constexpr double d3_1 = 0.14728095767463356, d3_2 = -0.04952453052026097;
//   delta_i^(2) = (sum_j W_ji^(2) delta_j^(3)) f'(z_i^(2))   -- column i of W^(2)
//     delta_1^(2) = (0.5 delta_1^(3) + 0.7 delta_2^(3)) * 0.24751657271185995
//                 = (0.07364047883731678 - 0.03466717136418268) * 0.24751657271185995
//     delta_2^(2) = (0.6 delta_1^(3) + 0.8 delta_2^(3)) * 0.2424973950225001
//                 = (0.08836857460478014 - 0.03961962441620878) * 0.2424973950225001
constexpr double d2_1 = 0.009646539492995673, d2_2 = 0.011821493430810168;
//   dJ/dW^(2) = delta^(3) (a^(2))^T:  dW_ij^(2) = delta_i^(3) a_j^(2)
constexpr double dW2_11 = 0.08098007768625365;    // 0.14728095767463356 * 0.549833997312478
constexpr double dW2_12 = 0.08639759881171931;    // 0.14728095767463356 * 0.5866175789173301
constexpr double dW2_21 = -0.0272302705809789;    // -0.04952453052026097 * 0.549833997312478
constexpr double dW2_22 = -0.029051960190812916;  // -0.04952453052026097 * 0.5866175789173301
//   dJ/dW^(1) = delta^(2) (a^(1))^T = delta^(2) x^T
constexpr double dW1_11 = 0.0048232697464978365;  // 0.009646539492995673 * 0.5
constexpr double dW1_12 = 0.0024116348732489182;  // 0.009646539492995673 * 0.25
constexpr double dW1_21 = 0.005910746715405084;   // 0.011821493430810168 * 0.5
constexpr double dW1_22 = 0.002955373357702542;   // 0.011821493430810168 * 0.25

TEST(TwoTwoTwoByHand, ForwardPassGivesZAndAOfEveryLayer) {
    Network net = two_two_two();
    net.run();
    ASSERT_EQ(net.L(), 3);
    ASSERT_EQ(net.m(), 1);
    EXPECT_TRUE(MatrixClose(net.a(1), Col({0.5, 0.25}), 0.0));  // a^(1) = x
    EXPECT_TRUE(MatrixClose(net.z(2), Col({z2_1, z2_2}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.a(2), Col({a2_1, a2_2}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.z(3), Col({z3_1, z3_2}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.a(3), Col({a3_1, a3_2}), kHandTolerance));
}

TEST(TwoTwoTwoByHand, FprimeIsSigmoidPrimeAOneMinusA) {
    Network net = two_two_two();
    net.run();
    EXPECT_TRUE(MatrixClose(net.fprime(2), Col({fp2_1, fp2_2}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.fprime(3), Col({fp3_1, fp3_2}), kHandTolerance));
}

TEST(TwoTwoTwoByHand, CostIsHalfTheSquaredError) {
    Network net = two_two_two();
    EXPECT_TRUE(Close(net.run(), J_hand, kHandTolerance));
    EXPECT_TRUE(Close(net.J(), J_hand, kHandTolerance));
}

TEST(TwoTwoTwoByHand, OutputDeltaIsErrorTimesFprime) {
    Network net = two_two_two();
    net.run();
    EXPECT_TRUE(MatrixClose(net.delta(3), Col({d3_1, d3_2}), kHandTolerance));
}

TEST(TwoTwoTwoByHand, HiddenDeltaCollectsColumnIOfWThroughTheTranspose) {
    // With W^(2) not symmetric (0.6 != 0.7), using row i instead of column i would give
    // (0.5 d3_1 + 0.6 d3_2) f'(z_1^(2)) = 0.010872353698949563; the notes' W_ji gives d2_1.
    Network net = two_two_two();
    net.run();
    EXPECT_TRUE(MatrixClose(net.delta(2), Col({d2_1, d2_2}), kHandTolerance));
}

TEST(TwoTwoTwoByHand, WeightGradientIsTheOuterProductDeltaATransposed) {
    Network net = two_two_two();
    net.run();
    EXPECT_TRUE(MatrixClose(net.dW(2), M({{dW2_11, dW2_12}, {dW2_21, dW2_22}}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.dW(1), M({{dW1_11, dW1_12}, {dW1_21, dW1_22}}), kHandTolerance));
}

TEST(TwoTwoTwoByHand, BiasGradientIsDelta) {
    Network net = two_two_two();
    net.run();
    EXPECT_TRUE(MatrixClose(net.db(2), Col({d3_1, d3_2}), kHandTolerance));  // dJ/db^(2) = delta^(3)
    EXPECT_TRUE(MatrixClose(net.db(1), Col({d2_1, d2_2}), kHandTolerance));  // dJ/db^(1) = delta^(2)
}

TEST(TwoTwoTwoByHand, OneGradientDescentStepMovesEveryParameterByAlphaTimesItsGradient) {
    // alpha = 0.5: W := W - 0.5 dW, b := b - 0.5 db, parameter by parameter.
    Network net = two_two_two();
    const double J_before = net.step(0.5);
    EXPECT_TRUE(Close(J_before, J_hand, kHandTolerance));  // step returns J before the update
    // W^(1): 0.1 - 0.5 * 0.0048232697464978365 = 0.09758836512675109, ...
    EXPECT_TRUE(MatrixClose(net.W(1),
                            M({{0.09758836512675109, 0.19879418256337555},    // 0.2 - 0.5 * 0.00241163...
                               {0.29704462664229747, 0.39852231332114874}}),  // 0.3 - 0.5 * 0.00591074...,
                            kHandTolerance));                                 // 0.4 - 0.5 * 0.00295537...
    // b^(1): 0.1 - 0.5 * 0.009646539492995673, 0.1 - 0.5 * 0.011821493430810168
    EXPECT_TRUE(MatrixClose(net.b(1), Col({0.09517673025350216, 0.09408925328459491}), kHandTolerance));
    // W^(2): 0.5 - 0.5 * 0.08098007768625365, 0.6 - 0.5 * 0.08639759881171931,
    //        0.7 + 0.5 * 0.0272302705809789,  0.8 + 0.5 * 0.029051960190812916
    EXPECT_TRUE(MatrixClose(net.W(2), M({{0.45950996115687315, 0.5568012005941403}, {0.7136151352904894, 0.8145259800954066}}),
                            kHandTolerance));
    // b^(2): 0.2 - 0.5 * 0.14728095767463356, 0.2 + 0.5 * 0.04952453052026097
    EXPECT_TRUE(MatrixClose(net.b(2), Col({0.12635952116268323, 0.2247622652601305}), kHandTolerance));
    // The step went downhill: J at the new parameters (forward pass on them, by hand) is lower.
    net.forward();
    EXPECT_TRUE(Close(net.J(), 0.2553587294821038, kHandTolerance));
    EXPECT_LT(net.J(), J_hand);
}

TEST(TwoTwoTwoByHand, WeightDecayAddsHalfLambdaTimesSumOfSquaredWeightsAndLambdaW) {
    // lambda = 0.1: sum of W^2 = 0.01+0.04+0.09+0.16 + 0.25+0.36+0.49+0.64 = 2.04,
    // J = 0.27538814146121005 + 0.1/2 * 2.04 = 0.37738814146121
    // dW^(l) += 0.1 W^(l); biases are not decayed.
    Network net(document(std::string(kTwoTwoTwo).insert(1, "\"weightDecay\": 0.1,")));
    EXPECT_EQ(net.lambda, 0.1);  // the document's weightDecay
    EXPECT_TRUE(Close(net.run(), 0.37738814146121, kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.dW(1),
                            M({{0.01482326974649784, 0.02241163487324892},    // 0.0048232697... + 0.01, ... + 0.02
                               {0.03591074671540508, 0.04295537335770255}}),  // 0.0059107467... + 0.03, ... + 0.04
                            kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.dW(2),
                            M({{0.13098007768625364, 0.14639759881171932},   // 0.0809800776... + 0.05, ... + 0.06
                               {0.04276972941902109, 0.0509480398091871}}),  // -0.0272302705... + 0.07, ... + 0.08
                            kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.db(1), Col({d2_1, d2_2}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.db(2), Col({d3_1, d3_2}), kHandTolerance));
    // The error terms are the same as without decay: decay touches J and dW only.
    EXPECT_TRUE(MatrixClose(net.delta(2), Col({d2_1, d2_2}), kHandTolerance));
}

TEST(TwoTwoTwoByHand, CountsTwelveParameters) {
    // W^(1), W^(2): 2 x 2 each; b^(1), b^(2): 2 each.
    EXPECT_EQ(two_two_two().parameter_count(), 12);
}

// ---- softmax with cross-entropy, by hand --------------------------------------------------

// layers [2, 2, 3]: the 2-2-2 example's layer 2, then W^(2) = [[0.5, 0.6], [0.7, 0.8], [0.9, 1.0]],
// b^(2) = 0.2, softmax output, y = (0, 0, 1).
constexpr const char* kSoftmax = R"({
    "layers": [2, 2, 3],
    "activations": ["sigmoid", "softmax"],
    "loss": "cross-entropy",
    "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8], [0.9, 1.0]]],
    "biases": [[0.1, 0.1], [0.2, 0.2, 0.2]],
    "input": [0.5, 0.25],
    "target": [0, 0, 1]
})";

TEST(SoftmaxCrossEntropyByHand, SoftmaxWithCrossEntropyGivesDeltaEqualsAMinusY) {
    Network net(document(kSoftmax));
    net.run();
    // z^(3) = W^(2) a^(2) + b^(2) with a^(2) from the 2-2-2 example:
    //   z_3^(3) = 0.9 * 0.549833997312478 + 1.0 * 0.5866175789173301 + 0.2 = 1.2814681764985603
    EXPECT_TRUE(MatrixClose(net.z(3), Col({z3_1, z3_2, 1.2814681764985603}), kHandTolerance));
    // a_k = e^{z_k} / (e^0.82688... + e^1.05417... + e^1.28146...)
    //     = (2.28610..., 2.86957..., 3.60196...) / 8.75764...
    const double a1 = 0.26104843517655907, a2 = 0.32766648620814354, a3 = 0.4112850786152975;
    EXPECT_TRUE(MatrixClose(net.a(3), Col({a1, a2, a3}), kHandTolerance));
    // delta^(3) = a^(3) - y, with no f' factor
    EXPECT_TRUE(MatrixClose(net.delta(3), Col({a1, a2, a3 - 1}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.delta(3), net.a(3) - net.y(), 1e-15));
    // J = -sum_k y_k log a_k = -log a_3 = -log 0.4112850786152975
    EXPECT_TRUE(Close(net.J(), 0.8884686829953877, kHandTolerance));
}

TEST(SoftmaxCrossEntropyByHand, HiddenDeltaAndGradientsFollowFromAMinusY) {
    Network net(document(kSoftmax));
    net.run();
    // delta_1^(2) = (0.5 * 0.26104843... + 0.7 * 0.32766648... + 0.9 * (-0.58871492...)) * 0.24751657...
    // delta_2^(2) = (0.6 * 0.26104843... + 0.8 * 0.32766648... + 1.0 * (-0.58871492...)) * 0.24249739...
    EXPECT_TRUE(MatrixClose(net.delta(2), Col({-0.04206610272643394, -0.04121308007033635}), kHandTolerance));
    // dW^(2) = delta^(3) (a^(2))^T, 3 x 2
    EXPECT_TRUE(MatrixClose(net.dW(2),
                            M({{0.14353330460529476, 0.15313560102343068},     // 0.26104843... * a^(2)
                               {0.1801621738971575, 0.19221492083176991},      // 0.32766648... * a^(2)
                               {-0.32369547850245217, -0.34535052185520054}}),  // -0.58871492... * a^(2)
                            kHandTolerance));
    // dW^(1) = delta^(2) x^T
    EXPECT_TRUE(MatrixClose(net.dW(1),
                            M({{-0.02103305136321697, -0.010516525681608485},  // -0.04206610... * (0.5, 0.25)
                               {-0.020606540035168174, -0.010303270017584087}}),
                            kHandTolerance));
}

TEST(SoftmaxCrossEntropy, HugeLogitsGiveAFiniteCostAndDelta) {
    // z^(2) = W^(1) x = (1000, 0): e^1000 overflows, but log-softmax does not:
    // J = -log a_2 = -(0 - 1000 - log(1 + e^-1000)) = 1000.
    bp::NetworkDocument doc = document(R"({"layers": [1, 2], "activations": "softmax", "loss": "cross-entropy",
        "weights": [[[1000], [0]]], "input": [1], "target": [0, 1]})");
    Network net(doc);
    net.run();
    EXPECT_FALSE(net.first_non_finite().has_value());
    EXPECT_TRUE(Close(net.J(), 1000.0, kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.delta(2), Col({1.0, -1.0}), kHandTolerance));  // a = (1, 0), y = (0, 1)
}

// ---- the naive reference ------------------------------------------------------------------

// A network as plain nested vectors, 1-based layers as in the notes (index 0 unused).
using Column = std::vector<double>;
using Grid = std::vector<Column>;  // Grid[i][j]

struct Spec {
    std::vector<int> s;         // s[l] = s_l, l = 1..L
    std::vector<Activation> f;  // f[l], l = 2..L
    Loss loss = Loss::mse;
    std::vector<Grid> W;        // W[l][i][j] = W_ij^(l) (0-based i, j), l = 1..L-1
    std::vector<Column> b;      // b[l][i] = b_i^(l)
    std::vector<Column> x, y;   // x[e], y[e]: example e
    double lambda = 0;
    int L() const { return static_cast<int>(s.size()) - 1; }
    int m() const { return static_cast<int>(x.size()); }
};

double naive_f(Activation f, double z) {
    switch (f) {
        case Activation::sigmoid: return 1.0 / (1.0 + std::exp(-z));
        case Activation::tanh: return std::tanh(z);
        case Activation::relu: return z > 0 ? z : 0.0;
        case Activation::leaky_relu: return z > 0 ? z : 0.01 * z;
        case Activation::linear: return z;
        case Activation::softmax: break;
    }
    ADD_FAILURE() << "naive_f: softmax is not element-wise";
    return 0;
}

double naive_fprime(Activation f, double z) {
    switch (f) {
        case Activation::sigmoid: {
            const double s = naive_f(f, z);
            return s * (1 - s);
        }
        case Activation::tanh: return 1 - std::tanh(z) * std::tanh(z);
        case Activation::relu: return z > 0 ? 1.0 : 0.0;
        case Activation::leaky_relu: return z > 0 ? 1.0 : 0.01;
        case Activation::linear: return 1.0;
        case Activation::softmax: break;
    }
    ADD_FAILURE() << "naive_fprime: softmax has no element-wise derivative";
    return 0;
}

struct Reference {
    double J = 0;
    std::vector<std::vector<Column>> z, a, delta;  // [e][l][i]
    std::vector<Grid> dW;                          // [l][i][j]
    std::vector<Column> db;                        // [l][i]
};

// Forward and backward pass, one example at a time, written from the equations in the
// header of this file; `bug` applies the documented wrong formula of each planted bug.
Reference naive_pass(const Spec& n, PlantedBug bug = PlantedBug::none) {
    const int L = n.L(), m = n.m();
    Reference r;
    r.z.assign(m, std::vector<Column>(L + 1));
    r.a.assign(m, std::vector<Column>(L + 1));
    r.delta.assign(m, std::vector<Column>(L + 1));
    r.dW.assign(L, Grid());
    r.db.assign(L, Column());
    for (int l = 1; l < L; ++l) {
        r.dW[l].assign(n.s[l + 1], Column(n.s[l], 0.0));
        r.db[l].assign(n.s[l + 1], 0.0);
    }
    double cost_sum = 0;
    for (int e = 0; e < m; ++e) {
        auto& z = r.z[e];
        auto& a = r.a[e];
        auto& delta = r.delta[e];
        a[1] = n.x[e];
        for (int l = 1; l < L; ++l) {
            z[l + 1].assign(n.s[l + 1], 0.0);
            a[l + 1].assign(n.s[l + 1], 0.0);
            for (int i = 0; i < n.s[l + 1]; ++i) {
                double sum = n.b[l][i];
                for (int j = 0; j < n.s[l]; ++j) sum += n.W[l][i][j] * a[l][j];
                z[l + 1][i] = sum;
            }
            if (n.f[l + 1] == Activation::softmax) {
                double top = z[l + 1][0], total = 0;
                for (double v : z[l + 1]) top = std::max(top, v);
                for (double v : z[l + 1]) total += std::exp(v - top);
                for (int i = 0; i < n.s[l + 1]; ++i) a[l + 1][i] = std::exp(z[l + 1][i] - top) / total;
            } else {
                for (int i = 0; i < n.s[l + 1]; ++i) a[l + 1][i] = naive_f(n.f[l + 1], z[l + 1][i]);
            }
        }
        // cost of this example, and delta^(L)
        delta[L].assign(n.s[L], 0.0);
        if (n.loss == Loss::mse) {
            for (int k = 0; k < n.s[L]; ++k) {
                const double error = a[L][k] - n.y[e][k];
                cost_sum += 0.5 * error * error;
                delta[L][k] = error * naive_fprime(n.f[L], z[L][k]);
            }
        } else {
            double top = z[L][0], total = 0;
            for (double v : z[L]) top = std::max(top, v);
            for (double v : z[L]) total += std::exp(v - top);
            for (int k = 0; k < n.s[L]; ++k) {
                if (n.y[e][k] != 0) cost_sum -= n.y[e][k] * (z[L][k] - top - std::log(total));
                delta[L][k] = a[L][k] - n.y[e][k];
            }
        }
        if (bug == PlantedBug::wrong_sign_output_delta)
            for (double& d : delta[L]) d = -d;
        // delta_i^(l) = (sum_j W_ji^(l) delta_j^(l+1)) f'(z_i^(l)), l = L-1 .. 2
        for (int l = L - 1; l >= 2; --l) {
            delta[l].assign(n.s[l], 0.0);
            for (int i = 0; i < n.s[l]; ++i) {
                double sum = 0;
                for (int j = 0; j < n.s[l + 1]; ++j)
                    sum += (bug == PlantedBug::W_instead_of_WT ? n.W[l][i][j] : n.W[l][j][i]) * delta[l + 1][j];
                delta[l][i] = bug == PlantedBug::forget_fprime ? sum : sum * naive_fprime(n.f[l], z[l][i]);
            }
        }
        // dJ/dW_ij^(l) += delta_i^(l+1) a_j^(l),  dJ/db_i^(l) += delta_i^(l+1)
        for (int l = 1; l < L; ++l)
            for (int i = 0; i < n.s[l + 1]; ++i) {
                for (int j = 0; j < n.s[l]; ++j) r.dW[l][i][j] += delta[l + 1][i] * a[l][j];
                r.db[l][i] += delta[l + 1][i];
            }
    }
    // means over the batch, then weight decay
    const double scale = bug == PlantedBug::forget_batch_mean ? 1.0 : 1.0 / m;
    double squares = 0;
    for (int l = 1; l < L; ++l)
        for (int i = 0; i < n.s[l + 1]; ++i) {
            for (int j = 0; j < n.s[l]; ++j) {
                r.dW[l][i][j] = r.dW[l][i][j] * scale + n.lambda * n.W[l][i][j];
                squares += n.W[l][i][j] * n.W[l][i][j];
            }
            r.db[l][i] = bug == PlantedBug::drop_bias_gradient ? 0.0 : r.db[l][i] * scale;
        }
    r.J = cost_sum / m + 0.5 * n.lambda * squares;
    return r;
}

double naive_cost(const Spec& n) { return naive_pass(n).J; }

Matrix to_matrix(const Grid& g) {
    Matrix out(static_cast<Eigen::Index>(g.size()), static_cast<Eigen::Index>(g[0].size()));
    for (std::size_t i = 0; i < g.size(); ++i)
        for (std::size_t j = 0; j < g[i].size(); ++j)
            out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = g[i][j];
    return out;
}

Matrix to_column(const Column& c) { return to_matrix(Grid(1, c)).transpose(); }

// Per-example values of layer l as the engine stores them: one column per example.
Matrix examples_as_columns(const std::vector<std::vector<Column>>& v, int l) {
    Grid rows;  // rows[e] = example e
    for (const auto& per_example : v) rows.push_back(per_example[l]);
    return to_matrix(rows).transpose();
}

bp::NetworkDocument to_document(const Spec& n) {
    bp::NetworkDocument doc;
    const int L = n.L();
    for (int l = 1; l <= L; ++l) doc.layers.push_back(n.s[l]);
    for (int l = 2; l <= L; ++l) doc.activations.push_back(n.f[l]);
    doc.loss = n.loss;
    for (int l = 1; l < L; ++l) {
        doc.weights.emplace_back(to_matrix(n.W[l]));
        doc.biases.emplace_back(Vector(to_column(n.b[l])));
    }
    doc.input = to_matrix(n.x).transpose();  // rows of examples -> one column per example
    doc.target = to_matrix(n.y).transpose();
    doc.batch = n.m() > 1;
    doc.weight_decay = n.lambda;
    return doc;
}

Network to_network(const Spec& n) { return Network(to_document(n)); }

// The engine's results against the naive reference: every z, a, delta, dW, db and J.
void expect_matches_reference(const Network& net, const Reference& r, double tolerance) {
    const int L = net.L();
    EXPECT_TRUE(Close(net.J(), r.J, tolerance)) << "J";
    for (int l = 2; l <= L; ++l) {
        EXPECT_TRUE(MatrixClose(net.z(l), examples_as_columns(r.z, l), tolerance)) << "z^(" << l << ")";
        EXPECT_TRUE(MatrixClose(net.a(l), examples_as_columns(r.a, l), tolerance)) << "a^(" << l << ")";
        EXPECT_TRUE(MatrixClose(net.delta(l), examples_as_columns(r.delta, l), tolerance)) << "delta^(" << l << ")";
    }
    for (int l = 1; l < L; ++l) {
        EXPECT_TRUE(MatrixClose(net.dW(l), to_matrix(r.dW[l]), tolerance)) << "dW^(" << l << ")";
        EXPECT_TRUE(MatrixClose(net.db(l), to_column(r.db[l]), tolerance)) << "db^(" << l << ")";
    }
}

// ---- random networks ----------------------------------------------------------------------

class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    // Uniform in [lo, hi) from the top 53 bits (std::uniform_real_distribution is
    // implementation-defined; mt19937_64's output is not).
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    }
    int integer(int lo, int hi) { return lo + static_cast<int>(engine_() % static_cast<std::uint64_t>(hi - lo + 1)); }
    template <class T>
    T pick(const std::vector<T>& options) {
        return options[static_cast<std::size_t>(integer(0, static_cast<int>(options.size()) - 1))];
    }

private:
    std::mt19937_64 engine_;
};

enum class Family {
    smooth,          // sigmoid, tanh, linear hidden layers; sigmoid/tanh/linear + mse or softmax + cross-entropy out
    piecewise,       // relu, leaky-relu hidden layers (kept off the kink); linear + mse or softmax out
};

bool is_piecewise(Activation f) { return f == Activation::relu || f == Activation::leaky_relu; }

// Depth L (2..6), widths 1..6, m examples (1..3), W ~ U(-1, 1), b ~ U(-0.5, 0.5),
// x ~ U(-1, 1), targets in the range of the output.
Spec random_spec(Random& rng, int L, Family family, double lambda = 0) {
    Spec n;
    n.s.assign(L + 1, 0);
    n.f.assign(L + 1, Activation::linear);
    const std::vector<Activation> hidden =
        family == Family::smooth ? std::vector<Activation>{Activation::sigmoid, Activation::tanh, Activation::linear}
                                 : std::vector<Activation>{Activation::relu, Activation::leaky_relu};
    const std::vector<Activation> outputs =
        family == Family::smooth ? std::vector<Activation>{Activation::sigmoid, Activation::tanh, Activation::linear,
                                                           Activation::softmax}
                                 : std::vector<Activation>{Activation::linear, Activation::softmax};
    for (int l = 2; l < L; ++l) n.f[l] = rng.pick(hidden);
    n.f[L] = rng.pick(outputs);
    n.loss = n.f[L] == Activation::softmax ? Loss::cross_entropy : Loss::mse;
    for (int l = 1; l <= L; ++l) n.s[l] = rng.integer(1, 6);
    if (n.f[L] == Activation::softmax) n.s[L] = rng.integer(2, 6);
    n.W.assign(L, Grid());
    n.b.assign(L, Column());
    for (int l = 1; l < L; ++l) {
        n.W[l].assign(n.s[l + 1], Column(n.s[l]));
        n.b[l].assign(n.s[l + 1], 0.0);
        for (auto& row : n.W[l])
            for (double& w : row) w = rng.uniform(-1, 1);
        for (double& v : n.b[l]) v = rng.uniform(-0.5, 0.5);
    }
    const int m = rng.integer(1, 3);
    for (int e = 0; e < m; ++e) {
        Column x(n.s[1]), y(n.s[L]);
        for (double& v : x) v = rng.uniform(-1, 1);
        switch (n.f[L]) {
            case Activation::sigmoid:
                for (double& v : y) v = rng.uniform(0.05, 0.95);
                break;
            case Activation::tanh:
                for (double& v : y) v = rng.uniform(-0.9, 0.9);
                break;
            case Activation::softmax: {  // a probability distribution
                double total = 0;
                for (double& v : y) total += (v = rng.uniform(0.1, 1));
                for (double& v : y) v /= total;
                break;
            }
            default:
                for (double& v : y) v = rng.uniform(-1, 1);
        }
        n.x.push_back(x);
        n.y.push_back(y);
    }
    n.lambda = lambda;
    return n;
}

// Every relu / leaky-relu pre-activation at least kKinkMargin away from 0, in every example.
bool off_the_kink(const Spec& n) {
    const Reference r = naive_pass(n);
    for (int e = 0; e < n.m(); ++e)
        for (int l = 2; l <= n.L(); ++l)
            if (is_piecewise(n.f[l]))
                for (double z : r.z[e][l])
                    if (std::abs(z) < kKinkMargin) return false;
    return true;
}

Spec random_network(Random& rng, int L, Family family, double lambda = 0) {
    for (;;) {
        Spec n = random_spec(rng, L, family, lambda);
        if (family == Family::smooth || off_the_kink(n)) return n;
    }
}

// ---- the oracle checks itself --------------------------------------------------------------

TEST(NaiveReference, ReproducesTheTwoTwoTwoHandValues) {
    Spec n;
    n.s = {0, 2, 2, 2};
    n.f = {Activation::linear, Activation::linear, Activation::sigmoid, Activation::sigmoid};
    n.W = {Grid(), {{0.1, 0.2}, {0.3, 0.4}}, {{0.5, 0.6}, {0.7, 0.8}}};
    n.b = {Column(), {0.1, 0.1}, {0.2, 0.2}};
    n.x = {{0.5, 0.25}};
    n.y = {{0.0, 1.0}};
    const Reference r = naive_pass(n);
    EXPECT_TRUE(Close(r.J, J_hand, kHandTolerance));
    EXPECT_TRUE(Close(r.delta[0][2][0], d2_1, kHandTolerance));
    EXPECT_TRUE(Close(r.dW[2][1][0], dW2_21, kHandTolerance));
    EXPECT_TRUE(Close(r.dW[1][0][1], dW1_12, kHandTolerance));
}

TEST(NaiveReference, AgreesWithItsOwnCentralDifferences) {
    // If this failed, the other oracles in this file could not be trusted.
    Random rng(20240601);
    for (int L = 2; L <= 6; ++L) {
        const Spec n = random_network(rng, L, Family::smooth, 0.01);
        const Reference r = naive_pass(n);
        for (int l = 1; l < L; ++l)
            for (int i = 0; i < n.s[l + 1]; ++i)
                for (int j = 0; j < n.s[l]; ++j) {
                    Spec plus = n, minus = n;
                    plus.W[l][i][j] += bp::gradient_check_epsilon;
                    minus.W[l][i][j] -= bp::gradient_check_epsilon;
                    const double numeric = (naive_cost(plus) - naive_cost(minus)) / (2 * bp::gradient_check_epsilon);
                    EXPECT_NEAR(r.dW[l][i][j], numeric, 1e-7) << "L=" << L << " W^(" << l << ")";
                }
    }
}

// ---- the engine against the naive reference ------------------------------------------------

TEST(BackwardPass, MatchesANaiveLoopImplementationOnRandomNetworks) {
    Random rng(7);
    for (int trial = 0; trial < 40; ++trial) {
        const int L = 2 + trial % 5;
        const Family family = trial % 4 == 3 ? Family::piecewise : Family::smooth;
        const Spec n = random_network(rng, L, family, trial % 2 ? 0.05 : 0.0);
        Network net = to_network(n);
        net.run();
        SCOPED_TRACE("trial " + std::to_string(trial) + ", L = " + std::to_string(L));
        expect_matches_reference(net, naive_pass(n), kReferenceTolerance);
    }
}

// ---- a batch is the mean of its examples ---------------------------------------------------

TEST(Batch, CostAndGradientsAreTheMeanOfTheSingleExamples) {
    Random rng(99);
    for (double lambda : {0.0, 0.03}) {
        for (int trial = 0; trial < 6; ++trial) {
            Spec n = random_network(rng, 2 + trial % 4, Family::smooth, lambda);
            // four examples
            while (n.m() < 4) {
                n.x.push_back(n.x[0]);
                n.y.push_back(n.y[0]);
                for (double& v : n.x.back()) v = rng.uniform(-1, 1);
            }
            Network batch = to_network(n);
            batch.run();
            // The same network on each example alone, through set_data.
            Network single = to_network(n);
            double J_sum = 0;
            std::vector<Matrix> dW_sum(n.L()), db_sum(n.L());
            for (int l = 1; l < n.L(); ++l) {
                dW_sum[l] = Matrix::Zero(n.s[l + 1], n.s[l]);
                db_sum[l] = Matrix::Zero(n.s[l + 1], 1);
            }
            for (int e = 0; e < 4; ++e) {
                single.set_data(batch.x().col(e), batch.y().col(e));
                ASSERT_EQ(single.m(), 1);
                J_sum += single.run();
                for (int l = 1; l < n.L(); ++l) {
                    dW_sum[l] += single.dW(l);
                    db_sum[l] += single.db(l);
                }
                // delta is per example: column e of the batch's delta is the single example's.
                for (int l = 2; l <= n.L(); ++l)
                    EXPECT_TRUE(MatrixClose(batch.delta(l).col(e), single.delta(l), kReferenceTolerance))
                        << "delta^(" << l << "), example " << e + 1;
            }
            EXPECT_TRUE(Close(batch.J(), J_sum / 4, kReferenceTolerance));
            for (int l = 1; l < n.L(); ++l) {
                EXPECT_TRUE(MatrixClose(batch.dW(l), dW_sum[l] / 4, kReferenceTolerance)) << "dW^(" << l << ")";
                EXPECT_TRUE(MatrixClose(batch.db(l), db_sum[l] / 4, kReferenceTolerance)) << "db^(" << l << ")";
            }
        }
    }
}

TEST(Batch, TheTwoTwoTwoExampleTwiceGivesTheSameGradientAsOnce) {
    // The mean of two equal examples is that example: hand values unchanged.
    Network net = two_two_two();
    net.set_data(M({{0.5, 0.5}, {0.25, 0.25}}), M({{0, 0}, {1, 1}}));
    EXPECT_EQ(net.m(), 2);
    EXPECT_TRUE(Close(net.run(), J_hand, kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.dW(2), M({{dW2_11, dW2_12}, {dW2_21, dW2_22}}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.db(1), Col({d2_1, d2_2}), kHandTolerance));
    EXPECT_TRUE(MatrixClose(net.delta(3), M({{d3_1, d3_1}, {d3_2, d3_2}}), kHandTolerance));
}

// ---- weight decay --------------------------------------------------------------------------

TEST(WeightDecay, AddsLambdaWToEveryWeightGradientAndNothingToBiasGradients) {
    Random rng(5);
    for (int L = 2; L <= 6; ++L) {
        Spec n = random_network(rng, L, Family::smooth, 0.0);
        Network plain = to_network(n);
        plain.run();
        n.lambda = 0.25;
        Network decayed = to_network(n);
        EXPECT_EQ(decayed.lambda, 0.25);
        decayed.run();
        double squares = 0;
        for (int l = 1; l < L; ++l) {
            EXPECT_TRUE(MatrixClose(decayed.dW(l), plain.dW(l) + 0.25 * plain.W(l), kReferenceTolerance));
            EXPECT_TRUE(MatrixClose(decayed.db(l), plain.db(l), 0.0));
            for (const auto& row : n.W[l])
                for (double w : row) squares += w * w;
        }
        EXPECT_TRUE(Close(decayed.J(), plain.J() + 0.25 / 2 * squares, kReferenceTolerance));
    }
}

TEST(WeightDecay, CanBeSwitchedOnAfterConstruction) {
    Network net = two_two_two();
    net.lambda = 0.1;
    EXPECT_TRUE(Close(net.run(), 0.37738814146121, kHandTolerance));  // as in the hand-worked test
}

// ---- gradient check on random networks of depth 2 to 6 -------------------------------------

class GradientCheckOnRandomNetworks : public ::testing::TestWithParam<int> {};

// A parameter of a Spec: W_ij^(l) or b_i^(l) (0-based i, j).
struct Parameter {
    char quantity;
    int l, i, j;
};

std::vector<Parameter> parameters(const Spec& n) {
    std::vector<Parameter> all;
    for (int l = 1; l < n.L(); ++l)
        for (int i = 0; i < n.s[l + 1]; ++i) {
            for (int j = 0; j < n.s[l]; ++j) all.push_back({'W', l, i, j});
            all.push_back({'b', l, i, 0});
        }
    return all;
}

double& at(Spec& n, const Parameter& p) { return p.quantity == 'W' ? n.W[p.l][p.i][p.j] : n.b[p.l][p.i]; }

// (J(theta + h) - J(theta - h)) / 2h on the naive cost.
double central_difference(const Spec& n, const Parameter& p, double h) {
    Spec plus = n, minus = n;
    at(plus, p) += h;
    at(minus, p) -= h;
    return (naive_cost(plus) - naive_cost(minus)) / (2 * h);
}

// Richardson extrapolation of two central differences, (4 D(h/2) - D(h)) / 3: the h^2 terms
// cancel, leaving O(h^4) ~ 1e-12 truncation and ~1e-13 rounding for h = 1e-3 -- a far more
// accurate dJ/dtheta than any single central difference, computed without the engine.
double richardson_derivative(const Spec& n, const Parameter& p) {
    constexpr double h = 1e-3;
    return (4 * central_difference(n, p, h / 2) - central_difference(n, p, h)) / 3;
}

double relative_error(double g, double g_hat) {
    return std::abs(g - g_hat) / std::max({std::abs(g), std::abs(g_hat), bp::gradient_check_tiny});
}

// Whether the check's own instrument, a central difference with epsilon = 1e-4, can resolve
// this network's gradient to 1e-7 at all, judged without the engine. Its error has two parts:
//   truncation, epsilon^2/6 times the third derivative of J -- measured here as
//   |D(1e-4) - Richardson|;
//   rounding, about one ulp of J per evaluation divided by 2 epsilon -- bounded by
//   kRoundingUlps * 2^-53 * max(|J|, 1) / epsilon (the engine sums in another order than the
//   naive loops, so their roundings differ by about that much).
// On a gradient entry ~100 times smaller than the network's largest (cancellation, vanishing
// through sigmoid layers, a relu unit alive for one example only) these alone exceed 1e-7
// relative error in a sizeable share of random networks, whatever the backward pass does. A
// parameter whose difference and Richardson derivative are both exactly 0 (it feeds only dead
// relu units, so J does not move at all) is resolved exactly. Networks that fail are judged
// against the Richardson derivative instead
// (GradientAgreesWithRichardsonWhereCentralDifferencesCannotResolve).
constexpr double kRoundingUlps = 2;

bool central_differences_resolve(const Spec& n) {
    const double rounding =
        kRoundingUlps * 0x1.0p-53 * std::max(1.0, std::abs(naive_cost(n))) / bp::gradient_check_epsilon;
    for (const Parameter& p : parameters(n)) {
        const double richardson = richardson_derivative(n, p);
        const double difference = central_difference(n, p, bp::gradient_check_epsilon);
        if (richardson == 0 && difference == 0) continue;
        if (std::abs(difference - richardson) + rounding > kGradientCheckTolerance / 2 * std::abs(richardson))
            return false;
    }
    return true;
}

// `wanted` random networks of depth L on which central differences resolve the gradient,
// and the ones set aside on the way; every third network has weight decay.
struct RandomNetworks {
    std::vector<Spec> resolved, unresolved;
};

RandomNetworks random_networks(std::uint64_t seed, int L, Family family, int wanted) {
    Random rng(seed);
    RandomNetworks out;
    for (int k = 0; static_cast<int>(out.resolved.size()) < wanted; ++k) {
        Spec n = random_network(rng, L, family, k % 3 == 2 ? 0.01 : 0.0);
        (central_differences_resolve(n) ? out.resolved : out.unresolved).push_back(std::move(n));
    }
    return out;
}

void expect_gradient_check_agrees(const Spec& n, const std::string& what) {
    Network net = to_network(n);
    const auto entries = net.gradient_check();
    ASSERT_EQ(static_cast<long long>(entries.size()), net.parameter_count());
    const bp::GradientCheckEntry* worst = &entries.front();
    for (const auto& e : entries)
        if (e.relative_error > worst->relative_error) worst = &e;
    EXPECT_LT(worst->relative_error, kGradientCheckTolerance)
        << what << ": " << worst->quantity << "^(" << worst->layer << ")_" << worst->row << "," << worst->col
        << " analytic " << worst->analytic << " numeric " << worst->numeric;
}

TEST_P(GradientCheckOnRandomNetworks, AgreesToBetterThan1e7RelativeErrorWithSmoothActivations) {
    const int L = GetParam();
    const RandomNetworks networks = random_networks(1000 + static_cast<std::uint64_t>(L), L, Family::smooth, 12);
    for (std::size_t k = 0; k < networks.resolved.size(); ++k)
        expect_gradient_check_agrees(networks.resolved[k], "network " + std::to_string(k));
    // The filter may set aside some networks (about half at depth 6), not nearly all of them.
    EXPECT_LE(networks.unresolved.size(), 2 * networks.resolved.size());
}

TEST_P(GradientCheckOnRandomNetworks, AgreesWithReluAndLeakyReluKeptOffTheKink) {
    const int L = GetParam();
    const RandomNetworks networks = random_networks(2000 + static_cast<std::uint64_t>(L), L, Family::piecewise, 6);
    for (std::size_t k = 0; k < networks.resolved.size(); ++k)
        expect_gradient_check_agrees(networks.resolved[k], "network " + std::to_string(k));
    EXPECT_LE(networks.unresolved.size(), 2 * networks.resolved.size());
}

TEST_P(GradientCheckOnRandomNetworks, GradientAgreesWithRichardsonWhereCentralDifferencesCannotResolve) {
    // The networks set aside above are not excused: their backward pass must match the
    // Richardson derivative, which is accurate to ~1e-12.
    const int L = GetParam();
    for (Family family : {Family::smooth, Family::piecewise}) {
        const std::uint64_t seed = (family == Family::smooth ? 1000 : 2000) + static_cast<std::uint64_t>(L);
        const RandomNetworks networks = random_networks(seed, L, family, family == Family::smooth ? 12 : 6);
        for (const Spec& n : networks.unresolved) {
            Network net = to_network(n);
            net.run();
            for (const Parameter& p : parameters(n)) {
                const double g = p.quantity == 'W' ? net.dW(p.l)(p.i, p.j) : net.db(p.l)(p.i);
                EXPECT_NEAR(g, richardson_derivative(n, p), kRichardsonAgreement)
                    << p.quantity << "^(" << p.l << ")_" << p.i + 1 << "," << p.j + 1;
            }
        }
    }
}

TEST_P(GradientCheckOnRandomNetworks, NumericGradientIsTheCentralDifferenceOfJ) {
    // The engine's numeric column against central differences of the naive cost, and its
    // analytic column against the naive backward pass.
    const int L = GetParam();
    Random rng(3000 + static_cast<std::uint64_t>(L));
    const Spec n = random_network(rng, L, Family::smooth, 0.02);
    Network net = to_network(n);
    const auto entries = net.gradient_check();
    const Reference r = naive_pass(n);
    const double eps = bp::gradient_check_epsilon;
    for (const auto& e : entries) {
        Spec plus = n, minus = n;
        double analytic = 0;
        if (e.quantity == 'W') {
            plus.W[e.layer][e.row - 1][e.col - 1] += eps;
            minus.W[e.layer][e.row - 1][e.col - 1] -= eps;
            analytic = r.dW[e.layer][e.row - 1][e.col - 1];
        } else {
            plus.b[e.layer][e.row - 1] += eps;
            minus.b[e.layer][e.row - 1] -= eps;
            analytic = r.db[e.layer][e.row - 1];
        }
        const double numeric = (naive_cost(plus) - naive_cost(minus)) / (2 * eps);
        EXPECT_NEAR(e.numeric, numeric, kCentralDifferenceAgreement) << e.quantity << e.layer << e.row << e.col;
        EXPECT_TRUE(Close(e.analytic, analytic, kReferenceTolerance)) << e.quantity << e.layer << e.row << e.col;
        // relative error = |g - g^| / max(|g|, |g^|, tiny)
        const double scale = std::max({std::abs(e.analytic), std::abs(e.numeric), bp::gradient_check_tiny});
        EXPECT_DOUBLE_EQ(e.relative_error, std::abs(e.analytic - e.numeric) / scale);
    }
}

INSTANTIATE_TEST_SUITE_P(Depth, GradientCheckOnRandomNetworks, ::testing::Range(2, 7),
                         [](const ::testing::TestParamInfo<int>& param_info) { return "L" + std::to_string(param_info.param); });

TEST(GradientCheck, ListsEveryWeightAndBiasOnceWithOneBasedIndices) {
    Random rng(11);
    Spec n = random_network(rng, 4, Family::smooth);
    Network net = to_network(n);
    const auto entries = net.gradient_check();
    std::set<std::tuple<char, int, int, int>> seen;
    for (const auto& e : entries) {
        ASSERT_TRUE(e.quantity == 'W' || e.quantity == 'b');
        ASSERT_GE(e.layer, 1);
        ASSERT_LT(e.layer, n.L());
        ASSERT_GE(e.row, 1);
        ASSERT_LE(e.row, n.s[e.layer + 1]);
        if (e.quantity == 'W') {
            ASSERT_GE(e.col, 1);
            ASSERT_LE(e.col, n.s[e.layer]);
        } else {
            ASSERT_EQ(e.col, 0);
        }
        EXPECT_TRUE(seen.insert({e.quantity, e.layer, e.row, e.col}).second) << "listed twice";
    }
    long long expected = 0;
    for (int l = 1; l < n.L(); ++l) expected += static_cast<long long>(n.s[l + 1]) * (n.s[l] + 1);
    EXPECT_EQ(static_cast<long long>(seen.size()), expected);
    EXPECT_EQ(net.parameter_count(), expected);
}

TEST(GradientCheck, LeavesParametersAndThePassAsTheyWere) {
    Network net = two_two_two();
    net.run();
    const Matrix W1 = net.W(1), W2 = net.W(2), dW1 = net.dW(1), a3 = net.a(3);
    net.gradient_check();
    EXPECT_TRUE(BitIdentical(net.W(1), W1));
    EXPECT_TRUE(BitIdentical(net.W(2), W2));
    EXPECT_TRUE(BitIdentical(net.dW(1), dW1));
    EXPECT_TRUE(BitIdentical(net.a(3), a3));
    EXPECT_TRUE(Close(net.J(), J_hand, kHandTolerance));
}

TEST(GradientCheck, UsesEpsilon1e4ByDefaultAndTheGivenOneOtherwise) {
    EXPECT_EQ(bp::gradient_check_epsilon, 1e-4);
    // The default agrees; epsilon = 0.5 on the sigmoid network is far too coarse for the
    // central difference (its error grows as epsilon^2), so the check must really use it.
    Network net = two_two_two();
    EXPECT_LT(max_relative_error(net.gradient_check()), kGradientCheckTolerance);
    EXPECT_GT(max_relative_error(net.gradient_check(0.5)), 1e-4);
}

Spec linear_two_two_two() {
    Spec n;
    n.s = {0, 2, 2, 2};
    n.f = {Activation::linear, Activation::linear, Activation::linear, Activation::linear};
    n.W = {Grid(), {{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}};
    n.b = {Column(), {0, 0}, {0, 0}};
    n.x = {{1, 1}, {1, 1}};
    n.y = {{0, 0}, {0, 0}};
    return n;
}

// ---- gradient descent ------------------------------------------------------------------------

TEST(GradientDescent, TrainIsRepeatedStepsAndReturnsJBeforeTheLastUpdate) {
    Network trained = two_two_two();
    Network stepped = two_two_two();
    double last = 0;
    for (int t = 0; t < 5; ++t) last = stepped.step(0.5);
    EXPECT_EQ(trained.train(5, 0.5), last);
    EXPECT_TRUE(BitIdentical(trained.W(1), stepped.W(1)));
    EXPECT_TRUE(BitIdentical(trained.W(2), stepped.W(2)));
    EXPECT_TRUE(BitIdentical(trained.b(1), stepped.b(1)));
    EXPECT_TRUE(BitIdentical(trained.b(2), stepped.b(2)));
}

TEST(GradientDescent, ManyStepsDriveTheCostDown) {
    Network net = two_two_two();
    const double J0 = net.run();
    net.train(2000, 0.5);
    EXPECT_LT(net.run(), 0.1 * J0);
}

TEST(GradientDescent, AlphaZeroChangesNothing) {
    Network net = two_two_two();
    net.step(0.0);
    EXPECT_TRUE(BitIdentical(net.W(1), M({{0.1, 0.2}, {0.3, 0.4}})));
    EXPECT_TRUE(BitIdentical(net.b(2), Col({0.2, 0.2})));
}

TEST(GradientDescent, TrainWithNoStepsReturnsJAtTheCurrentParameters) {
    Network net = two_two_two();
    EXPECT_TRUE(Close(net.train(0, 0.5), J_hand, kHandTolerance));
    EXPECT_EQ(net.steps_taken(), 0);
    EXPECT_TRUE(BitIdentical(net.W(1), M({{0.1, 0.2}, {0.3, 0.4}})));
}

TEST(GradientDescent, AStepThatWouldLeaveAnInfinityIsNotTaken) {
    // alpha = infinity: W - alpha dW would be -infinity or NaN everywhere.
    Network net = two_two_two();
    const double J = net.step(std::numeric_limits<double>::infinity());
    EXPECT_TRUE(Close(J, J_hand, kHandTolerance));
    EXPECT_TRUE(net.diverged());
    EXPECT_TRUE(BitIdentical(net.W(1), M({{0.1, 0.2}, {0.3, 0.4}})));
    EXPECT_TRUE(BitIdentical(net.b(2), Col({0.2, 0.2})));
    // The next successful step clears it and moves by the hand-worked amounts.
    net.step(0.5);
    EXPECT_FALSE(net.diverged());
    EXPECT_TRUE(Close(net.W(1)(0, 0), 0.09758836512675109, kHandTolerance));  // 0.1 - 0.5 * 0.0048232697...
}

TEST(GradientDescent, TrainStopsAtTheFirstStepThatWouldOverflow) {
    // A linear 2-2-2 network with alpha = 1000 diverges geometrically until J overflows; the
    // parameters stay at the last finite values.
    Spec n = linear_two_two_two();
    n.x = {{0.5, 0.25}};
    n.y = {{0.0, 1.0}};
    Network net = to_network(n);
    const double J = net.train(10'000, 1000.0);
    EXPECT_TRUE(net.diverged());
    EXPECT_GT(net.steps_taken(), 0);
    EXPECT_LT(net.steps_taken(), 10'000);
    EXPECT_TRUE(std::isfinite(J));
    for (int l = 1; l <= 2; ++l) {
        EXPECT_TRUE(net.W(l).allFinite());
        EXPECT_TRUE(net.b(l).allFinite());
    }
}

TEST(Predict, GivesTheOutputLayerForOtherInputsAndLeavesThePassAlone) {
    Network net = two_two_two();
    net.run();
    // Column 1: the example's x, so a^(3) by hand; column 2: x = (0, 0), so
    // a^(2) = sigma(b^(1)) = sigma(0.1) = 0.52497918747894, z^(3) = (0.5 + 0.6) * 0.52497... + 0.2.
    const Matrix out = net.predict(M({{0.5, 0.0}, {0.25, 0.0}}));
    ASSERT_EQ(out.rows(), 2);
    ASSERT_EQ(out.cols(), 2);
    EXPECT_TRUE(Close(out(0, 0), a3_1, kHandTolerance));
    EXPECT_TRUE(Close(out(1, 0), a3_2, kHandTolerance));
    const double a2 = 1 / (1 + std::exp(-0.1));
    EXPECT_TRUE(Close(out(0, 1), 1 / (1 + std::exp(-(1.1 * a2 + 0.2))), kHandTolerance));
    EXPECT_TRUE(Close(out(1, 1), 1 / (1 + std::exp(-(1.5 * a2 + 0.2))), kHandTolerance));
    // The network's own pass is untouched.
    EXPECT_EQ(net.m(), 1);
    EXPECT_TRUE(MatrixClose(net.a(3), Col({a3_1, a3_2}), kHandTolerance));
    EXPECT_TRUE(Close(net.J(), J_hand, kHandTolerance));
}

// ---- mini-batch gradient descent -------------------------------------------------------------

// A 2-3-2 tanh/sigmoid network with four examples.
Spec four_examples() {
    Random rng(8);
    Spec n = random_spec(rng, 3, Family::smooth);
    n.x.clear();
    n.y.clear();
    for (int e = 0; e < 4; ++e) {
        Column x(n.s[1]), y(n.s[3]);
        for (double& v : x) v = rng.uniform(-1, 1);
        if (n.f[3] == Activation::softmax) {
            y.assign(n.s[3], 0.0);
            y[static_cast<std::size_t>(e) % y.size()] = 1.0;
        } else {
            for (double& v : y) v = rng.uniform(0.1, 0.9);
        }
        n.x.push_back(x);
        n.y.push_back(y);
    }
    return n;
}

// The parameters after one epoch that visits the examples in `order`, `batch` at a time,
// computed with single steps on separate sub-batches (set_data), not with train_epochs.
std::vector<Matrix> epoch_by_hand(const Network& start, const Matrix& x, const Matrix& y,
                                  const std::vector<int>& order, int batch, double alpha) {
    Network net = start;
    for (std::size_t first = 0; first < order.size(); first += static_cast<std::size_t>(batch)) {
        const std::vector<int> picked(order.begin() + static_cast<std::ptrdiff_t>(first),
                                      order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), first + batch)));
        Matrix xb(x.rows(), static_cast<Eigen::Index>(picked.size())), yb(y.rows(), xb.cols());
        for (std::size_t k = 0; k < picked.size(); ++k) {
            xb.col(static_cast<Eigen::Index>(k)) = x.col(picked[k]);
            yb.col(static_cast<Eigen::Index>(k)) = y.col(picked[k]);
        }
        net.set_data(xb, yb);
        net.step(alpha);
    }
    std::vector<Matrix> parameters;
    for (int l = 1; l < net.L(); ++l) {
        parameters.push_back(net.W(l));
        parameters.push_back(net.b(l));
    }
    return parameters;
}

// Which visiting order of the examples an epoch of train_epochs used: the one order whose
// steps, replayed by hand, give the same parameters (-1 if none does, -2 if several do).
// Orders that differ only inside a mini-batch are the same steps, so each is listed once,
// sorted within its mini-batches.
int matching_order(const Network& before, const Network& after, int batch, double alpha,
                   std::vector<std::vector<int>>& orders) {
    std::vector<int> order(static_cast<std::size_t>(before.x().cols()));
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    std::set<std::vector<int>> distinct;
    do {
        std::vector<int> steps = order;
        for (std::size_t first = 0; first < steps.size(); first += static_cast<std::size_t>(batch))
            std::sort(steps.begin() + static_cast<std::ptrdiff_t>(first),
                      steps.begin() + static_cast<std::ptrdiff_t>(std::min(steps.size(), first + batch)));
        distinct.insert(steps);
    } while (std::next_permutation(order.begin(), order.end()));
    orders.assign(distinct.begin(), distinct.end());
    int found = -1;
    for (std::size_t p = 0; p < orders.size(); ++p) {
        const auto parameters = epoch_by_hand(before, before.x(), before.y(), orders[p], batch, alpha);
        bool same = true;
        for (int l = 1; l < after.L(); ++l)
            same = same && MatrixClose(after.W(l), parameters[2 * (l - 1)], 1e-14) &&
                   MatrixClose(after.b(l), parameters[2 * (l - 1) + 1], 1e-14);
        if (same) {
            if (found >= 0) return -2;  // ambiguous
            found = static_cast<int>(p);
        }
    }
    return found;
}

TEST(MiniBatch, EachEpochVisitsEveryExampleOnceInAShuffledOrder) {
    for (int batch : {1, 2, 3}) {
        Network net = to_network(four_examples());
        std::vector<std::vector<int>> orders;
        std::set<int> used;
        for (int epoch = 0; epoch < 4; ++epoch) {
            const Network before = net;
            const auto curve = net.train_epochs(1, 0.3, batch);
            ASSERT_EQ(curve.size(), 1u);
            const int p = matching_order(before, net, batch, 0.3, orders);
            ASSERT_GE(p, 0) << "batch " << batch << ", epoch " << epoch + 1
                            << ": no visiting order of the four examples explains the parameters";
            used.insert(p);
        }
        // "a new order every epoch": four epochs do not all use one order.
        EXPECT_GT(used.size(), 1u) << "batch " << batch;
    }
}

TEST(MiniBatch, FullBatchIsOneStepAnEpochAndTheCurveIsJBeforeEach) {
    for (int batch : {0, 4, 100}) {
        Network epochs = to_network(four_examples());
        Network steps = to_network(four_examples());
        const auto curve = epochs.train_epochs(5, 0.3, batch);
        ASSERT_EQ(curve.size(), 5u);
        for (int t = 0; t < 5; ++t) EXPECT_EQ(curve[static_cast<std::size_t>(t)], steps.step(0.3)) << "epoch " << t;
        for (int l = 1; l < 3; ++l) EXPECT_TRUE(MatrixClose(epochs.W(l), steps.W(l), 0.0)) << "batch " << batch;
        EXPECT_EQ(epochs.steps_taken(), 5);
    }
}

TEST(MiniBatch, TheCurveIsJOverAllTheDataAndThePassEndsOnAllTheData) {
    const Spec n = four_examples();
    Network net = to_network(n);
    Network reference = to_network(n);
    const auto curve = net.train_epochs(3, 0.3, 1);
    ASSERT_EQ(curve.size(), 3u);
    EXPECT_TRUE(Close(curve[0], reference.run(), 0.0));  // J over all four at the start
    EXPECT_EQ(net.m(), 4);  // afterwards the pass is that of all the data ...
    reference = net;
    reference.forward();
    EXPECT_EQ(net.J(), reference.J());  // ... at the final parameters
    EXPECT_EQ(net.steps_taken(), 12);   // 3 epochs of 4 single-example steps
}

TEST(MiniBatch, TheSameSeedShufflesTheSameWay) {
    Network a = to_network(four_examples()), b = to_network(four_examples());
    a.train_epochs(6, 0.3, 1);
    b.train_epochs(6, 0.3, 1);
    for (int l = 1; l < 3; ++l) EXPECT_TRUE(BitIdentical(a.W(l), b.W(l)));
}

// ---- planted bugs ----------------------------------------------------------------------------

const std::vector<std::pair<PlantedBug, std::string>> kBugNames = {
    {PlantedBug::none, "none"},
    {PlantedBug::forget_fprime, "forget-fprime"},
    {PlantedBug::W_instead_of_WT, "W-instead-of-WT"},
    {PlantedBug::drop_bias_gradient, "drop-bias-gradient"},
    {PlantedBug::wrong_sign_output_delta, "wrong-sign-output-delta"},
    {PlantedBug::forget_batch_mean, "forget-batch-mean"},
};

TEST(PlantedBugs, NamesRoundTrip) {
    for (const auto& [bug, name] : kBugNames) {
        EXPECT_EQ(bp::name_of(bug), name);
        ASSERT_TRUE(bp::planted_bug_from_name(name).has_value()) << name;
        EXPECT_EQ(*bp::planted_bug_from_name(name), bug);
    }
    EXPECT_FALSE(bp::planted_bug_from_name("forget_fprime").has_value());
    EXPECT_FALSE(bp::planted_bug_from_name("").has_value());
}

TEST(PlantedBugs, TheListIsEveryBugOnceNoneFirst) {
    // The names the API and the page offer come from here (engine.plantedBugs).
    std::vector<std::string_view> expected;
    for (const auto& [bug, name] : kBugNames) expected.push_back(bp::name_of(bug));
    EXPECT_EQ(bp::planted_bug_names(), expected);
    EXPECT_EQ(bp::loss_names(), (std::vector<std::string_view>{"mse", "cross-entropy"}));
}

TEST(PlantedBugs, NoneIsTheDefault) { EXPECT_EQ(two_two_two().planted_bug(), PlantedBug::none); }

// A network whose hidden W^(l) (l = 2..L-1) are all square and not symmetric, so that every
// bug can run and shows: [3, 4, 4, 4], sigmoid and tanh hidden layers, sigmoid output, 3 examples.
Spec square_network(double lambda = 0) {
    Random rng(424242);
    Spec n;
    n.s = {0, 3, 4, 4, 4};
    n.f = {Activation::linear, Activation::linear, Activation::sigmoid, Activation::tanh, Activation::sigmoid};
    n.W.assign(4, Grid());
    n.b.assign(4, Column());
    for (int l = 1; l < 4; ++l) {
        n.W[l].assign(n.s[l + 1], Column(n.s[l]));
        for (auto& row : n.W[l])
            for (double& w : row) w = rng.uniform(-1, 1);
        n.b[l].assign(n.s[l + 1], 0.0);
        for (double& v : n.b[l]) v = rng.uniform(-0.5, 0.5);
    }
    for (int e = 0; e < 3; ++e) {
        n.x.push_back({rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)});
        n.y.push_back({rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)});
    }
    n.lambda = lambda;
    return n;
}

Network with_bug(const Spec& n, PlantedBug bug) {
    Network net = to_network(n);
    EXPECT_EQ(net.set_planted_bug(bug), "") << bp::name_of(bug);
    EXPECT_EQ(net.planted_bug(), bug);
    return net;
}

TEST(PlantedBugs, EachBugComputesExactlyItsDocumentedWrongFormula) {
    for (double lambda : {0.0, 0.1}) {
        const Spec n = square_network(lambda);
        for (const auto& [bug, name] : kBugNames) {
            Network net = with_bug(n, bug);
            net.run();
            SCOPED_TRACE(name + ", lambda " + std::to_string(lambda));
            expect_matches_reference(net, naive_pass(n, bug), kReferenceTolerance);
        }
    }
}

TEST(PlantedBugs, NoBugTouchesTheForwardPassOrJ) {
    const Spec n = square_network(0.1);
    const Reference right = naive_pass(n);
    for (const auto& [bug, name] : kBugNames) {
        Network net = with_bug(n, bug);
        net.run();
        EXPECT_TRUE(Close(net.J(), right.J, kReferenceTolerance)) << name;
        for (int l = 2; l <= n.L(); ++l) {
            EXPECT_TRUE(MatrixClose(net.a(l), examples_as_columns(right.a, l), kReferenceTolerance)) << name;
            EXPECT_TRUE(MatrixClose(net.z(l), examples_as_columns(right.z, l), kReferenceTolerance)) << name;
        }
    }
}

TEST(PlantedBugs, ForgetFprimeLeavesTheLastLayersGradientRightAndBreaksTheOthers) {
    const Spec n = square_network();
    const Network right = [&] { Network r = to_network(n); r.run(); return r; }();
    Network net = with_bug(n, PlantedBug::forget_fprime);
    net.run();
    const int L = n.L();
    // delta^(L) keeps its f'(z^(L)) (it is not part of the recursion), so dW^(L-1) is right.
    EXPECT_TRUE(MatrixClose(net.delta(L), right.delta(L), kReferenceTolerance));
    EXPECT_TRUE(MatrixClose(net.dW(L - 1), right.dW(L - 1), kReferenceTolerance));
    EXPECT_TRUE(MatrixClose(net.db(L - 1), right.db(L - 1), kReferenceTolerance));
    for (int l = 1; l < L - 1; ++l) {
        EXPECT_GT(RelativeDifference(net.dW(l), right.dW(l)), kBugVisible) << "dW^(" << l << ") should be wrong";
        EXPECT_GT(RelativeDifference(net.db(l), right.db(l)), kBugVisible) << "db^(" << l << ") should be wrong";
    }
    EXPECT_GT(max_relative_error(net.gradient_check()), kBugVisible);
}

TEST(PlantedBugs, ForgetFprimeIsInvisibleWhenEveryHiddenLayerIsLinear) {
    // f' = 1 on linear layers: leaving it out changes nothing -- a gradient check cannot see it.
    Spec n = square_network();
    n.f[2] = n.f[3] = Activation::linear;
    Network net = with_bug(n, PlantedBug::forget_fprime);
    EXPECT_LT(max_relative_error(net.gradient_check()), kGradientCheckTolerance);
}

TEST(PlantedBugs, WInsteadOfWTBreaksTheLayersBelowTheFirstSquareTransposition) {
    const Spec n = square_network();
    Network right = to_network(n);
    right.run();
    Network net = with_bug(n, PlantedBug::W_instead_of_WT);
    net.run();
    // delta^(4) and so dW^(3), db^(3) do not use the recursion: right.
    EXPECT_TRUE(MatrixClose(net.dW(3), right.dW(3), kReferenceTolerance));
    EXPECT_TRUE(MatrixClose(net.db(3), right.db(3), kReferenceTolerance));
    // delta^(3) = W^(3) delta^(4) o f' uses row i instead of column i: wrong, and all below it.
    for (int l = 1; l <= 2; ++l) {
        EXPECT_GT(RelativeDifference(net.dW(l), right.dW(l)), kBugVisible) << "dW^(" << l << ") should be wrong";
        EXPECT_GT(RelativeDifference(net.db(l), right.db(l)), kBugVisible) << "db^(" << l << ") should be wrong";
    }
    EXPECT_GT(max_relative_error(net.gradient_check()), kBugVisible);
}

TEST(PlantedBugs, WInsteadOfWTIsInvisibleWhenEveryWOfTheRecursionIsSymmetric) {
    Spec n = square_network();
    for (int l = 2; l <= 3; ++l)
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < i; ++j) n.W[l][i][j] = n.W[l][j][i];
    Network net = with_bug(n, PlantedBug::W_instead_of_WT);
    EXPECT_LT(max_relative_error(net.gradient_check()), kGradientCheckTolerance);
}

TEST(PlantedBugs, WInsteadOfWTIsRefusedWhenAWOfTheRecursionIsNotSquare) {
    // [2, 3, 2]: W^(2) is 2 x 3 and delta^(3) has 2 rows: W^(2) delta^(3) is not defined.
    Network net(document(R"({"layers": [2, 3, 2], "activations": "sigmoid", "loss": "mse",
        "input": [0.5, 0.25], "target": [0, 1]})"));
    const std::string why = net.set_planted_bug(PlantedBug::W_instead_of_WT);
    EXPECT_NE(why.find("W^(2) is 2 x 3"), std::string::npos) << why;
    EXPECT_NE(why.find("delta^(3) has 2 rows"), std::string::npos) << why;
    EXPECT_EQ(net.planted_bug(), PlantedBug::none);  // unchanged
    // W^(1) is never used by the recursion: a non-square W^(1) does not matter.
    Network ok(document(R"({"layers": [3, 2, 2], "activations": "sigmoid", "loss": "mse",
        "input": [0.5, 0.25, 1], "target": [0, 1]})"));
    EXPECT_EQ(ok.set_planted_bug(PlantedBug::W_instead_of_WT), "");
    // The 2-2-2 example can run it, and its non-symmetric W^(2) (0.6 vs 0.7) gives it away.
    Network example = two_two_two();
    EXPECT_EQ(example.set_planted_bug(PlantedBug::W_instead_of_WT), "");
    example.run();
    //   delta_1^(2) = (W_11 d_1 + W_12 d_2) f'(z_1^(2))      (row 1 of W^(2) instead of column 1)
    //               = (0.5 * 0.14728095767463356 + 0.6 * -0.04952453052026097) * 0.24751657271185995
    EXPECT_TRUE(Close(example.delta(2)(0, 0), 0.010872353698949563, kHandTolerance));
    EXPECT_FALSE(Close(example.delta(2)(0, 0), d2_1, 1e-6));
}

TEST(PlantedBugs, DropBiasGradientZeroesEveryDbAndLeavesEveryDWRight) {
    const Spec n = square_network(0.1);
    Network right = to_network(n);
    right.run();
    Network net = with_bug(n, PlantedBug::drop_bias_gradient);
    net.run();
    for (int l = 1; l < n.L(); ++l) {
        EXPECT_TRUE(MatrixClose(net.dW(l), right.dW(l), kReferenceTolerance)) << "dW^(" << l << ")";
        EXPECT_TRUE(net.db(l).isZero(0.0)) << "db^(" << l << ")";
        EXPECT_FALSE(right.db(l).isZero(1e-6));
    }
    // Only the b entries of the gradient check fail.
    for (const auto& e : net.gradient_check()) {
        if (e.quantity == 'W') EXPECT_LT(e.relative_error, kGradientCheckTolerance);
        else EXPECT_GT(e.relative_error, kBugVisible);
    }
}

TEST(PlantedBugs, WrongSignOutputDeltaNegatesEveryDataGradient) {
    const Spec n = square_network();
    Network right = to_network(n);
    right.run();
    Network net = with_bug(n, PlantedBug::wrong_sign_output_delta);
    net.run();
    for (int l = 2; l <= n.L(); ++l) EXPECT_TRUE(MatrixClose(net.delta(l), -right.delta(l), kReferenceTolerance));
    for (int l = 1; l < n.L(); ++l) {
        EXPECT_TRUE(MatrixClose(net.dW(l), -right.dW(l), kReferenceTolerance));
        EXPECT_TRUE(MatrixClose(net.db(l), -right.db(l), kReferenceTolerance));
    }
    // Every entry disagrees (relative error 2: g^ = -g).
    for (const auto& e : net.gradient_check()) EXPECT_NEAR(e.relative_error, 2.0, 1e-6);
}

TEST(PlantedBugs, ForgetBatchMeanGivesMTimesTheRightGradient) {
    const Spec n = square_network();  // m = 3
    ASSERT_EQ(n.m(), 3);
    Network right = to_network(n);
    right.run();
    Network net = with_bug(n, PlantedBug::forget_batch_mean);
    net.run();
    for (int l = 1; l < n.L(); ++l) {
        EXPECT_TRUE(MatrixClose(net.dW(l), 3.0 * right.dW(l), kReferenceTolerance));
        EXPECT_TRUE(MatrixClose(net.db(l), 3.0 * right.db(l), kReferenceTolerance));
    }
    // delta is per example, never divided by m: unchanged.
    for (int l = 2; l <= n.L(); ++l) EXPECT_TRUE(MatrixClose(net.delta(l), right.delta(l), kReferenceTolerance));
    // analytic = 3 numeric: relative error |3g - g| / |3g| = 2/3 on every entry.
    for (const auto& e : net.gradient_check()) EXPECT_NEAR(e.relative_error, 2.0 / 3.0, 1e-6);
}

TEST(PlantedBugs, ForgetBatchMeanIsInvisibleWithOneExample) {
    Network net = two_two_two();
    ASSERT_EQ(net.set_planted_bug(PlantedBug::forget_batch_mean), "");
    net.run();
    EXPECT_TRUE(MatrixClose(net.dW(1), M({{dW1_11, dW1_12}, {dW1_21, dW1_22}}), kHandTolerance));
    EXPECT_LT(max_relative_error(net.gradient_check()), kGradientCheckTolerance);
}

TEST(PlantedBugs, SwitchingBackToNoneRestoresTheRightGradient) {
    const Spec n = square_network();
    Network net = with_bug(n, PlantedBug::wrong_sign_output_delta);
    EXPECT_GT(max_relative_error(net.gradient_check()), kBugVisible);
    ASSERT_EQ(net.set_planted_bug(PlantedBug::none), "");
    EXPECT_LT(max_relative_error(net.gradient_check()), kGradientCheckTolerance);
}

// ---- non-finite values -------------------------------------------------------------------------

TEST(NonFiniteValues, AFinitePassReportsNothing) {
    Network net = two_two_two();
    net.run();
    EXPECT_FALSE(net.first_non_finite().has_value());
}


TEST(NonFiniteValues, AnOverflowingZIsReportedWithLayerUnitAndExample) {
    // z_2^(2) of example 2 = 0 * 1 + 1e300 * 1e10 = 1e310: overflows to infinity.
    Spec n = linear_two_two_two();
    n.W[1][1][1] = 1e300;
    n.x[1][1] = 1e10;
    Network net = to_network(n);
    net.run();
    const auto where = net.first_non_finite();
    ASSERT_TRUE(where.has_value());
    EXPECT_EQ(where->quantity, "z");
    EXPECT_EQ(where->layer, 2);
    EXPECT_EQ(where->row, 2);
    EXPECT_EQ(where->col, 2);
}

TEST(NonFiniteValues, AnOverflowingCostIsReportedAsJ) {
    // a^(3) = 1e200 is finite, but J = 1/2 (1e200)^2 is not.
    Spec n = linear_two_two_two();
    n.x = {{1e200, 0}};
    n.y = {{0, 0}};
    Network net = to_network(n);
    net.run();
    const auto where = net.first_non_finite();
    ASSERT_TRUE(where.has_value());
    EXPECT_EQ(where->quantity, "J");
    EXPECT_EQ(where->layer, 0);
    EXPECT_EQ(where->row, 0);
    EXPECT_EQ(where->col, 0);
}

TEST(NonFiniteValues, AnOverflowingBiasGradientIsReportedAsDbWithColumnZero) {
    // layers [1, 1, 2], linear hidden, softmax output, 3 equal examples x = 1e-300:
    //   a^(2) = 1 * 1e-300, z^(3) = (1.5e308 * 1e-300, 0) = (1.5e8, 0), a^(3) = (1, 0), y = (0, 1)
    //   delta^(3) = a - y = (1, -1);  dW^(2) = delta^(3) a^(2)T ~ 1e-300, db^(2) = (1, -1): finite
    //   delta^(2) = W^(2)T delta^(3) = 1.5e308 * 1 + 0 * -1 = 1.5e308: finite (max double 1.797e308)
    //   dW^(1) = mean of 1.5e308 * 1e-300 = 1.5e8: finite
    //   db^(1) = (1/3)(1.5e308 + 1.5e308 + 1.5e308): the sum overflows -> the first non-finite value.
    // NonFinite::col is "j for dW, 0 otherwise" (network.hpp; index.d.ts says the same).
    Spec n;
    n.s = {0, 1, 1, 2};
    n.f = {Activation::linear, Activation::linear, Activation::linear, Activation::softmax};
    n.loss = Loss::cross_entropy;
    n.W = {Grid(), {{1.0}}, {{1.5e308}, {0.0}}};
    n.b = {Column(), {0.0}, {0.0, 0.0}};
    n.x = {{1e-300}, {1e-300}, {1e-300}};
    n.y = {{0, 1}, {0, 1}, {0, 1}};
    Network net = to_network(n);
    net.run();
    const auto where = net.first_non_finite();
    ASSERT_TRUE(where.has_value());
    EXPECT_EQ(where->quantity, "db");
    EXPECT_EQ(where->layer, 1);
    EXPECT_EQ(where->row, 1);
    EXPECT_EQ(where->col, 0);
}

// ---- seeded initialisation -------------------------------------------------------------------

TEST(SeededInitialisation, SplitMix64MatchesTheReferenceSequence) {
    // splitmix64.c (Vigna), seed 1234567; the values come from an independent Python
    // transcription of the published algorithm (hand_values.py).
    bp::SplitMix64 rng(1234567);
    EXPECT_EQ(rng.next(), 6457827717110365317ull);
    EXPECT_EQ(rng.next(), 3203168211198807973ull);
    EXPECT_EQ(rng.next(), 9817491932198370423ull);
    EXPECT_EQ(rng.next(), 4593380528125082431ull);
    EXPECT_EQ(rng.next(), 16408922859458223821ull);
    bp::SplitMix64 zero(0);
    EXPECT_EQ(zero.next(), 0xE220A8397B1DCDAFull);
}

TEST(SeededInitialisation, UniformIsTheTop53BitsOver2To53) {
    // 6457827717110365317 >> 11 = 3153236189995295; / 2^53 = 0.3500795420214081
    bp::SplitMix64 rng(1234567);
    EXPECT_EQ(rng.uniform(), 3153236189995295.0 / 9007199254740992.0);
    bp::SplitMix64 many(42);
    for (int k = 0; k < 10000; ++k) {
        const double u = many.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
    }
}

TEST(SeededInitialisation, RangeIsGlorotForSmoothActivationsAndHeForRelu) {
    // Glorot: r = sqrt(6 / (s_l + s_{l+1})); He: r = sqrt(6 / s_l), with s_l = s_in.
    for (Activation f : {Activation::sigmoid, Activation::tanh, Activation::linear, Activation::softmax}) {
        EXPECT_DOUBLE_EQ(bp::init_range(f, 2, 3), std::sqrt(6.0 / 5.0)) << bp::name_of(f);
        EXPECT_DOUBLE_EQ(bp::init_range(f, 4096, 2), std::sqrt(6.0 / 4098.0)) << bp::name_of(f);
    }
    for (Activation f : {Activation::relu, Activation::leaky_relu}) {
        EXPECT_DOUBLE_EQ(bp::init_range(f, 4, 7), std::sqrt(1.5)) << bp::name_of(f);  // sqrt(6/4)
        EXPECT_DOUBLE_EQ(bp::init_range(f, 6, 1), 1.0) << bp::name_of(f);             // sqrt(6/6)
    }
}

TEST(SeededInitialisation, SameSeedGivesBitIdenticalWeights) {
    for (Activation f : {Activation::sigmoid, Activation::relu}) {
        const Matrix first = bp::initial_weights(7, 2, 5, 3, f);
        bp::initial_weights(8, 2, 5, 3, f);  // no state carried between calls
        const Matrix second = bp::initial_weights(7, 2, 5, 3, f);
        EXPECT_TRUE(BitIdentical(first, second));
        ASSERT_EQ(first.rows(), 5);  // s_out x s_in
        ASSERT_EQ(first.cols(), 3);
    }
    // Through documents: the same text twice, weights left to the seed.
    const std::string text = R"({"layers": [3, 5, 4, 2], "activations": ["relu", "tanh", "sigmoid"],
        "loss": "mse", "seed": 2024, "input": [1, 2, 3], "target": [0, 1]})";
    Network a(document(text)), b(document(text));
    for (int l = 1; l < 4; ++l) EXPECT_TRUE(BitIdentical(a.W(l), b.W(l))) << "W^(" << l << ")";
    // and so is everything computed from them.
    a.train(20, 0.1);
    b.train(20, 0.1);
    for (int l = 1; l < 4; ++l) EXPECT_TRUE(BitIdentical(a.W(l), b.W(l))) << "W^(" << l << ") after training";
}

TEST(SeededInitialisation, DifferentSeedsOrLayersGiveDifferentWeights) {
    const Matrix base = bp::initial_weights(1, 1, 4, 4, Activation::tanh);
    for (const Matrix& other : {bp::initial_weights(2, 1, 4, 4, Activation::tanh),
                                bp::initial_weights(0, 1, 4, 4, Activation::tanh),
                                bp::initial_weights(4294967295u, 1, 4, 4, Activation::tanh),
                                bp::initial_weights(1, 2, 4, 4, Activation::tanh),
                                bp::initial_weights(256, 1, 4, 4, Activation::tanh)}) {
        int equal = 0;
        for (Eigen::Index k = 0; k < base.size(); ++k) equal += base.data()[k] == other.data()[k];
        EXPECT_EQ(equal, 0) << "shares " << equal << " of 16 values";
    }
    // The documented default seed is 1, and another seed changes the network.
    const std::string text = R"({"layers": [2, 3, 2], "activations": "tanh", "loss": "mse",
        "input": [1, 2], "target": [0, 1]})";
    Network by_default(document(text));
    Network seed_1(document(std::string(text).insert(1, "\"seed\": 1,")));
    Network seed_2(document(std::string(text).insert(1, "\"seed\": 2,")));
    EXPECT_TRUE(BitIdentical(by_default.W(1), seed_1.W(1)));
    EXPECT_FALSE(BitIdentical(seed_1.W(1), seed_2.W(1)));
    EXPECT_FALSE(BitIdentical(seed_1.W(2), seed_2.W(2)));
}

TEST(SeededInitialisation, EveryWeightLiesWithinTheRangeAndSpreadsOverIt) {
    // 64 x 64 = 4096 draws of U(-r, r): mean 0 (standard error r / sqrt(3 * 4096) = 0.009 r),
    // variance r^2/3 (relative standard error ~1.4 %), ten equal bins of 409.6 expected
    // (standard deviation ~19); the bounds below are more than 5 standard errors wide.
    for (Activation f : {Activation::sigmoid, Activation::tanh, Activation::linear, Activation::softmax,
                         Activation::relu, Activation::leaky_relu}) {
        for (std::uint32_t seed : {1u, 99u}) {
            const Matrix W = bp::initial_weights(seed, 3, 64, 64, f);
            const double r = is_piecewise(f) ? std::sqrt(6.0 / 64) : std::sqrt(6.0 / 128);
            SCOPED_TRACE(std::string(bp::name_of(f)) + " seed " + std::to_string(seed));
            EXPECT_LE(W.maxCoeff(), r);
            EXPECT_GE(W.minCoeff(), -r);
            EXPECT_GT(W.maxCoeff(), 0.99 * r);
            EXPECT_LT(W.minCoeff(), -0.99 * r);
            const double mean = W.mean();
            EXPECT_LT(std::abs(mean), 0.05 * r);
            const double variance = (W.array() - mean).square().mean();
            EXPECT_NEAR(variance / (r * r / 3), 1.0, 0.1);
            std::vector<int> bins(10, 0);
            for (Eigen::Index k = 0; k < W.size(); ++k)
                ++bins[static_cast<std::size_t>(std::min(9, static_cast<int>((W.data()[k] + r) / (2 * r) * 10)))];
            for (int count : bins) EXPECT_NEAR(count, 409.6, 100.0);
        }
    }
}

TEST(SeededInitialisation, DrawsRowByRowFromOneStreamPerSeedAndLayer) {
    // W_11, W_12, ..., W_21, ...: a 2 x 3 and a 3 x 2 matrix of the same (seed, l) read the
    // same six draws in row order; their ranges are equal (Glorot: sqrt(6/5) for both).
    const Matrix wide = bp::initial_weights(5, 2, 2, 3, Activation::sigmoid);
    const Matrix tall = bp::initial_weights(5, 2, 3, 2, Activation::sigmoid);
    for (int k = 0; k < 6; ++k) EXPECT_EQ(wide(k / 3, k % 3), tall(k / 2, k % 2)) << "draw " << k;
    // The activation changes only the range: W / r is the same sequence.
    const Matrix glorot = bp::initial_weights(5, 2, 2, 3, Activation::tanh);
    const Matrix he = bp::initial_weights(5, 2, 2, 3, Activation::relu);
    EXPECT_TRUE(MatrixClose(glorot / std::sqrt(6.0 / 5), he / std::sqrt(6.0 / 3), 1e-15));
}

TEST(SeededInitialisation, ReinitialisingOneLayerIsIndependentOfTheOtherLayers) {
    // W^(2) of [5, 4, 3, 2] and of [9, 4, 3, 6] (same s_2, s_3 and f of layer 3) are the
    // same numbers, and they are initial_weights(seed, 2, s_3, s_2, f_3).
    Network small(document(R"({"layers": [5, 4, 3, 2], "activations": ["relu", "tanh", "sigmoid"],
        "loss": "mse", "seed": 31, "input": [1, 1, 1, 1, 1], "target": [0, 0]})"));
    Network large(document(R"({"layers": [9, 4, 3, 6], "activations": ["sigmoid", "tanh", "linear"],
        "loss": "mse", "seed": 31, "input": [1, 1, 1, 1, 1, 1, 1, 1, 1], "target": [0, 0, 0, 0, 0, 0]})"));
    EXPECT_TRUE(BitIdentical(small.W(2), large.W(2)));
    EXPECT_TRUE(BitIdentical(small.W(2), bp::initial_weights(31, 2, 3, 4, Activation::tanh)));
    EXPECT_TRUE(BitIdentical(small.W(1), bp::initial_weights(31, 1, 4, 5, Activation::relu)));
    EXPECT_TRUE(BitIdentical(large.W(3), bp::initial_weights(31, 3, 6, 3, Activation::linear)));
    // A null entry among given weights: that layer gets the numbers a fresh network would.
    Network partly(document(R"({"layers": [5, 4, 3, 2], "activations": ["relu", "tanh", "sigmoid"],
        "loss": "mse", "seed": 31, "input": [1, 1, 1, 1, 1], "target": [0, 0],
        "weights": [[[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]], null,
                    [[1, 1, 1], [1, 1, 1]]]})"));
    EXPECT_TRUE(BitIdentical(partly.W(2), small.W(2)));
    EXPECT_TRUE(BitIdentical(partly.W(1), Matrix::Ones(4, 5)));
}

TEST(SeededInitialisation, MissingBiasesAreZero) {
    Network net(document(R"({"layers": [2, 3, 2], "activations": "tanh", "loss": "mse",
        "input": [1, 2], "target": [0, 1], "biases": [null, [0.5, -0.5]]})"));
    EXPECT_TRUE(BitIdentical(net.b(1), Vector::Zero(3)));
    EXPECT_TRUE(BitIdentical(net.b(2), Col({0.5, -0.5})));
}

}  // namespace
