// Activation functions f and their derivatives f', one table (docs/NOTATION.md):
//
//   name        f(z)                  f'(z)
//   sigmoid     1 / (1 + e^-z)        f(z) (1 - f(z))
//   tanh        tanh z                1 - tanh^2 z
//   relu        max(0, z)             1 if z > 0 else 0
//   leaky-relu  z if z > 0 else 0.01z 1 if z > 0 else 0.01
//   linear      z                     1
//   softmax     e^{z_k} / sum e^{z_m} (not element-wise; output layer only, used through
//                                      delta^(L) = a^(L) - y with cross-entropy)
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "types.hpp"

namespace bp {

enum class Activation { sigmoid, tanh, relu, leaky_relu, linear, softmax };

inline constexpr double leaky_relu_slope = 0.01;

// The document's spelling: "sigmoid", "tanh", "relu", "leaky-relu", "linear", "softmax".
std::string_view name_of(Activation f);
std::optional<Activation> activation_from_name(std::string_view name);
// Every activation's name, in the table's order (what the page and the API offer).
std::vector<std::string_view> activation_names();

// a = f(z), column by column (each column is one example).
void activate(Activation f, const Matrix& z, Matrix& a);

// f'(z), element-wise, given z and a = f(z). Softmax has no element-wise derivative: for it
// this writes the diagonal of its Jacobian, da_k/dz_k = a_k (1 - a_k), for display only;
// the backward pass never uses it (delta^(L) = a^(L) - y).
void derivative(Activation f, const Matrix& z, const Matrix& a, Matrix& fprime);

}  // namespace bp
