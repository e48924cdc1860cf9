#include "activation.hpp"

#include <cmath>

#include "simd_sigmoid.hpp"

namespace bp {

namespace {

struct Named {
    Activation f;
    std::string_view name;
};

constexpr Named kActivations[] = {
    {Activation::sigmoid, "sigmoid"}, {Activation::tanh, "tanh"},
    {Activation::relu, "relu"},       {Activation::leaky_relu, "leaky-relu"},
    {Activation::linear, "linear"},   {Activation::softmax, "softmax"},
};

// a = 1 / (1 + e^-z), element-wise: under -msimd128 two numbers at a time (simd_sigmoid.hpp;
// Eigen's e^x runs one number at a time there), the last, odd one the same way, so that a
// number's sigmoid does not depend on where it sits.
void sigmoid(const Matrix& z, Matrix& a) {
#ifdef __wasm_simd128__
    a.resize(z.rows(), z.cols());
    const double* in = z.data();
    double* out = a.data();
    const Eigen::Index size = z.size();
    Eigen::Index i = 0;
    for (; i + 2 <= size; i += 2) wasm_v128_store(out + i, simd::sigmoid(wasm_v128_load(in + i)));
    if (i < size) out[i] = wasm_f64x2_extract_lane(simd::sigmoid(wasm_f64x2_splat(in[i])), 0);
#else
    a = (1.0 + (-z.array()).exp()).inverse().matrix();
#endif
}

}  // namespace

std::vector<std::string_view> activation_names() {
    std::vector<std::string_view> names;
    for (const Named& entry : kActivations) names.push_back(entry.name);
    return names;
}

std::string_view name_of(Activation f) {
    for (const auto& entry : kActivations)
        if (entry.f == f) return entry.name;
    return "?";
}

std::optional<Activation> activation_from_name(std::string_view name) {
    for (const auto& entry : kActivations)
        if (entry.name == name) return entry.f;
    return std::nullopt;
}

void activate(Activation f, const Matrix& z, Matrix& a) {
    switch (f) {
        case Activation::sigmoid:  // a = 1 / (1 + e^-z)
            sigmoid(z, a);
            break;
        case Activation::tanh:  // a = tanh z
            a = z.array().tanh().matrix();
            break;
        case Activation::relu:  // a = max(0, z)
            a = z.array().max(0.0).matrix();
            break;
        case Activation::leaky_relu:  // a = z if z > 0 else 0.01 z
            a = (z.array() > 0.0).select(z.array(), leaky_relu_slope * z.array()).matrix();
            break;
        case Activation::linear:  // a = z
            a = z;
            break;
        case Activation::softmax: {
            // a_k = e^{z_k} / sum_m e^{z_m}, computed as e^{z_k - max z} / sum e^{z_m - max z}
            // (the same value; the shift keeps every exponent <= 0, so nothing overflows).
            a.resize(z.rows(), z.cols());
            for (Eigen::Index e = 0; e < z.cols(); ++e) {
                const auto shifted = (z.col(e).array() - z.col(e).maxCoeff()).exp();
                a.col(e) = (shifted / shifted.sum()).matrix();
            }
            break;
        }
    }
}

void derivative(Activation f, const Matrix& z, const Matrix& a, Matrix& fprime) {
    switch (f) {
        case Activation::sigmoid:  // f'(z) = f(z) (1 - f(z))
        case Activation::softmax:  // diagonal of the Jacobian, da_k/dz_k = a_k (1 - a_k)
            fprime = (a.array() * (1.0 - a.array())).matrix();
            break;
        case Activation::tanh:  // f'(z) = 1 - tanh^2 z
            fprime = (1.0 - a.array().square()).matrix();
            break;
        case Activation::relu:  // f'(z) = 1 if z > 0 else 0
            fprime = (z.array() > 0.0).cast<double>().matrix();
            break;
        case Activation::leaky_relu:  // f'(z) = 1 if z > 0 else 0.01
            fprime = (z.array() > 0.0).select(Matrix::Ones(z.rows(), z.cols()).array(), leaky_relu_slope).matrix();
            break;
        case Activation::linear:  // f'(z) = 1
            fprime = Matrix::Ones(z.rows(), z.cols());
            break;
    }
}

}  // namespace bp
