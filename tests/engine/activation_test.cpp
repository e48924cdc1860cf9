// Activations f and their derivatives f' (docs/NOTATION.md, "Activations and
// their derivatives").
//
// Oracles:
//   - hand-worked values at points where the answer is an exact fraction
//     (sigmoid(ln 3) = 1/(1 + 1/3) = 3/4, tanh(ln 2) = (2 - 1/2)/(2 + 1/2) = 3/5,
//     softmax(0, ln 2, ln 5) = (1, 2, 5)/8);
//   - central differences of the engine's own f, computed here: f'(z) is checked against
//     (f(z + h) - f(z - h)) / 2h, so a wrong derivative formula cannot hide behind a wrong f.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "activation.hpp"

namespace {

using bp::Activation;
using bp::Matrix;

// Hand values are exact fractions; the engine computes them with exp/log/tanh, which are
// correctly rounded to within a few ulps.
constexpr double kHandTolerance = 1e-14;
// Central difference with step h: truncation error ~ h^2 |f'''| / 6 ~ 1e-11 and rounding error
// ~ 1e-16 / h ~ 1e-11 for h = 1e-5, so 1e-9 leaves two orders of margin.
constexpr double kFiniteDifferenceStep = 1e-5;
constexpr double kFiniteDifferenceTolerance = 1e-9;

const std::vector<Activation> kElementWise = {Activation::sigmoid, Activation::tanh, Activation::relu,
                                               Activation::leaky_relu, Activation::linear};

Matrix activate(Activation f, const Matrix& z) {
    Matrix a;
    bp::activate(f, z, a);
    return a;
}

Matrix derivative(Activation f, const Matrix& z) {
    Matrix fprime;
    bp::derivative(f, z, activate(f, z), fprime);
    return fprime;
}

Matrix column(std::initializer_list<double> values) {
    Matrix m(static_cast<Eigen::Index>(values.size()), 1);
    Eigen::Index i = 0;
    for (double v : values) m(i++, 0) = v;
    return m;
}

// z values spread over the interesting range of every activation, in a 3 x 4 matrix (three
// units, four examples), none within 0.05 of relu's kink at 0 (a central difference across
// the kink would measure the average of the two slopes).
Matrix sample_z() {
    Matrix z(3, 4);
    z << -6.0, -2.5, -0.7, -0.1,  //
        0.1, 0.35, 1.3, 2.0,      //
        3.7, -1.1, 0.55, 5.5;
    return z;
}

TEST(ActivationNames, RoundTripThroughTheDocumentSpelling) {
    const std::vector<std::pair<Activation, std::string>> table = {
        {Activation::sigmoid, "sigmoid"}, {Activation::tanh, "tanh"},     {Activation::relu, "relu"},
        {Activation::leaky_relu, "leaky-relu"}, {Activation::linear, "linear"}, {Activation::softmax, "softmax"}};
    for (const auto& [f, name] : table) {
        EXPECT_EQ(bp::name_of(f), name);
        ASSERT_TRUE(bp::activation_from_name(name).has_value()) << name;
        EXPECT_EQ(*bp::activation_from_name(name), f) << name;
    }
}

TEST(ActivationNames, TheListIsEveryActivationOnceInTheNotesOrder) {
    // The names the API and the page offer come from here (engine.activations).
    const std::vector<std::string_view> expected = {"sigmoid", "tanh", "relu", "leaky-relu", "linear", "softmax"};
    EXPECT_EQ(bp::activation_names(), expected);
    for (std::string_view name : bp::activation_names()) EXPECT_EQ(bp::name_of(*bp::activation_from_name(name)), name);
}

TEST(ActivationNames, UnknownOrMisspelledNamesAreRefused) {
    for (const char* name : {"", "Sigmoid", "leaky_relu", "ReLU", "softmax ", "identity", "sigm"})
        EXPECT_FALSE(bp::activation_from_name(name).has_value()) << '"' << name << '"';
}

TEST(ActivationValues, SigmoidMatchesHandValues) {
    // sigmoid(0) = 1/(1+1) = 1/2;  sigmoid(ln 3) = 1/(1 + 1/3) = 3/4;  sigmoid(-ln 3) = 1/(1+3) = 1/4
    const Matrix a = activate(Activation::sigmoid, column({0.0, std::log(3.0), -std::log(3.0)}));
    EXPECT_NEAR(a(0, 0), 0.5, kHandTolerance);
    EXPECT_NEAR(a(1, 0), 0.75, kHandTolerance);
    EXPECT_NEAR(a(2, 0), 0.25, kHandTolerance);
}

TEST(ActivationValues, TanhMatchesHandValues) {
    // tanh(0) = 0;  tanh(ln 2) = (e^{ln 2} - e^{-ln 2}) / (e^{ln 2} + e^{-ln 2}) = (2 - 1/2)/(2 + 1/2) = 3/5
    const Matrix a = activate(Activation::tanh, column({0.0, std::log(2.0), -std::log(2.0)}));
    EXPECT_NEAR(a(0, 0), 0.0, kHandTolerance);
    EXPECT_NEAR(a(1, 0), 0.6, kHandTolerance);
    EXPECT_NEAR(a(2, 0), -0.6, kHandTolerance);
}

TEST(ActivationValues, ReluLeakyReluAndLinearMatchTheTable) {
    const Matrix z = column({-2.0, 0.0, 3.5});
    const Matrix relu = activate(Activation::relu, z);          // max(0, z)
    const Matrix leaky = activate(Activation::leaky_relu, z);   // z if z > 0 else 0.01 z
    const Matrix linear = activate(Activation::linear, z);      // z
    EXPECT_EQ(relu(0, 0), 0.0);
    EXPECT_EQ(relu(1, 0), 0.0);
    EXPECT_EQ(relu(2, 0), 3.5);
    EXPECT_NEAR(leaky(0, 0), -0.02, kHandTolerance);  // 0.01 * -2
    EXPECT_EQ(leaky(1, 0), 0.0);
    EXPECT_EQ(leaky(2, 0), 3.5);
    EXPECT_EQ(linear(0, 0), -2.0);
    EXPECT_EQ(linear(1, 0), 0.0);
    EXPECT_EQ(linear(2, 0), 3.5);
    EXPECT_EQ(bp::leaky_relu_slope, 0.01);
}

TEST(ActivationValues, SoftmaxMatchesHandValues) {
    // z = (0, ln 2, ln 5): e^z = (1, 2, 5), sum 8, so a = (1/8, 2/8, 5/8)
    const Matrix a = activate(Activation::softmax, column({0.0, std::log(2.0), std::log(5.0)}));
    EXPECT_NEAR(a(0, 0), 0.125, kHandTolerance);
    EXPECT_NEAR(a(1, 0), 0.25, kHandTolerance);
    EXPECT_NEAR(a(2, 0), 0.625, kHandTolerance);
}

TEST(ActivationValues, SoftmaxNormalisesEachExampleColumnSeparately) {
    // Two examples: column 1 = (0, ln 2, ln 5) -> (1, 2, 5)/8; column 2 = (ln 3, ln 3, 0) -> (3, 3, 1)/7.
    Matrix z(3, 2);
    z << 0.0, std::log(3.0),  //
        std::log(2.0), std::log(3.0),  //
        std::log(5.0), 0.0;
    const Matrix a = activate(Activation::softmax, z);
    EXPECT_NEAR(a(0, 0), 1.0 / 8, kHandTolerance);
    EXPECT_NEAR(a(1, 0), 2.0 / 8, kHandTolerance);
    EXPECT_NEAR(a(2, 0), 5.0 / 8, kHandTolerance);
    EXPECT_NEAR(a(0, 1), 3.0 / 7, kHandTolerance);
    EXPECT_NEAR(a(1, 1), 3.0 / 7, kHandTolerance);
    EXPECT_NEAR(a(2, 1), 1.0 / 7, kHandTolerance);
}

TEST(ActivationValues, SoftmaxOfHugeLogitsStaysFinite) {
    // e^1000 overflows a double; softmax is shift-invariant, so (1000, 1000 + ln 3) must still
    // give (1/4, 3/4), and (-1000, 0) must give (e^-1000 / (1 + e^-1000), ...) = (0, 1).
    Matrix z(2, 2);
    z << 1000.0, -1000.0,  //
        1000.0 + std::log(3.0), 0.0;
    const Matrix a = activate(Activation::softmax, z);
    ASSERT_TRUE(a.allFinite());
    EXPECT_NEAR(a(0, 0), 0.25, 1e-12);  // ln 3 is added to 1000: z_2 - z_1 is exact only to ~1e-13
    EXPECT_NEAR(a(1, 0), 0.75, 1e-12);
    EXPECT_NEAR(a(0, 1), 0.0, kHandTolerance);
    EXPECT_NEAR(a(1, 1), 1.0, kHandTolerance);
}

TEST(ActivationValues, SigmoidAndTanhSaturateWithoutNaN) {
    const Matrix z = column({-800.0, 800.0});
    const Matrix s = activate(Activation::sigmoid, z);
    const Matrix t = activate(Activation::tanh, z);
    EXPECT_EQ(s(0, 0), 0.0);
    EXPECT_EQ(s(1, 0), 1.0);
    EXPECT_EQ(t(0, 0), -1.0);
    EXPECT_EQ(t(1, 0), 1.0);
    EXPECT_TRUE(derivative(Activation::sigmoid, z).allFinite());
    EXPECT_TRUE(derivative(Activation::tanh, z).allFinite());
}

TEST(ActivationValues, ElementWiseActivationsKeepTheShapeOfZ) {
    const Matrix z = sample_z();
    for (Activation f : kElementWise) {
        const Matrix a = activate(f, z);
        EXPECT_EQ(a.rows(), 3) << bp::name_of(f);
        EXPECT_EQ(a.cols(), 4) << bp::name_of(f);
        // Element-wise: each entry depends only on its own z.
        for (Eigen::Index i = 0; i < z.rows(); ++i)
            for (Eigen::Index e = 0; e < z.cols(); ++e)
                EXPECT_EQ(a(i, e), activate(f, column({z(i, e)}))(0, 0)) << bp::name_of(f);
    }
}

TEST(ActivationDerivatives, SigmoidPrimeIsAOneMinusA) {
    // f'(ln 3) = 3/4 * 1/4 = 3/16;  f'(0) = 1/2 * 1/2 = 1/4
    const Matrix fprime = derivative(Activation::sigmoid, column({std::log(3.0), 0.0}));
    EXPECT_NEAR(fprime(0, 0), 0.1875, kHandTolerance);
    EXPECT_NEAR(fprime(1, 0), 0.25, kHandTolerance);
}

TEST(ActivationDerivatives, TanhPrimeIsOneMinusTanhSquared) {
    // f'(ln 2) = 1 - (3/5)^2 = 16/25;  f'(0) = 1
    const Matrix fprime = derivative(Activation::tanh, column({std::log(2.0), 0.0}));
    EXPECT_NEAR(fprime(0, 0), 0.64, kHandTolerance);
    EXPECT_NEAR(fprime(1, 0), 1.0, kHandTolerance);
}

TEST(ActivationDerivatives, ReluAndLeakyReluUseTheLeftSlopeAtTheKink) {
    // The table: relu' = 1 if z > 0 else 0, leaky' = 1 if z > 0 else 0.01; so at z = 0 exactly
    // the left slope is used.
    const Matrix z = column({-3.0, 0.0, 2.0});
    const Matrix relu = derivative(Activation::relu, z);
    const Matrix leaky = derivative(Activation::leaky_relu, z);
    const Matrix linear = derivative(Activation::linear, z);
    EXPECT_EQ(relu(0, 0), 0.0);
    EXPECT_EQ(relu(1, 0), 0.0);
    EXPECT_EQ(relu(2, 0), 1.0);
    EXPECT_EQ(leaky(0, 0), 0.01);
    EXPECT_EQ(leaky(1, 0), 0.01);
    EXPECT_EQ(leaky(2, 0), 1.0);
    EXPECT_EQ(linear(0, 0), 1.0);
    EXPECT_EQ(linear(1, 0), 1.0);
    EXPECT_EQ(linear(2, 0), 1.0);
}

// Every element-wise activation: f'(z) against (f(z + h) - f(z - h)) / 2h, unit by unit and
// example by example.
class EveryActivationPrime : public ::testing::TestWithParam<Activation> {};

TEST_P(EveryActivationPrime, AgreesWithCentralDifferencesOfF) {
    const Activation f = GetParam();
    const Matrix z = sample_z();
    const Matrix fprime = derivative(f, z);
    ASSERT_EQ(fprime.rows(), z.rows());
    ASSERT_EQ(fprime.cols(), z.cols());
    const double h = kFiniteDifferenceStep;
    const Matrix plus = activate(f, (z.array() + h).matrix());
    const Matrix minus = activate(f, (z.array() - h).matrix());
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
        for (Eigen::Index e = 0; e < z.cols(); ++e) {
            const double central = (plus(i, e) - minus(i, e)) / (2 * h);
            EXPECT_NEAR(fprime(i, e), central, kFiniteDifferenceTolerance)
                << bp::name_of(f) << "'(" << z(i, e) << ")";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(ElementWise, EveryActivationPrime,
                         ::testing::Values(Activation::sigmoid, Activation::tanh, Activation::relu,
                                           Activation::leaky_relu, Activation::linear),
                         [](const ::testing::TestParamInfo<Activation>& param_info) {
                             std::string name(bp::name_of(param_info.param));
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

TEST(ActivationDerivatives, SoftmaxPrimeIsTheJacobianDiagonalByCentralDifferences) {
    // da_k/dz_k = a_k (1 - a_k): perturb z_k alone and watch a_k.
    Matrix z(3, 2);
    z << 0.3, -1.2,  //
        -0.4, 0.8,   //
        1.1, 0.05;
    const Matrix fprime = derivative(Activation::softmax, z);
    const Matrix a = activate(Activation::softmax, z);
    const double h = kFiniteDifferenceStep;
    for (Eigen::Index k = 0; k < z.rows(); ++k) {
        for (Eigen::Index e = 0; e < z.cols(); ++e) {
            Matrix plus = z, minus = z;
            plus(k, e) += h;
            minus(k, e) -= h;
            const double central = (activate(Activation::softmax, plus)(k, e) -
                                    activate(Activation::softmax, minus)(k, e)) / (2 * h);
            EXPECT_NEAR(fprime(k, e), central, kFiniteDifferenceTolerance) << "k=" << k << " e=" << e;
            EXPECT_NEAR(fprime(k, e), a(k, e) * (1 - a(k, e)), kHandTolerance);
        }
    }
}

}  // namespace
