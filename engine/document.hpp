// The network document: the one interchange format (API, import/export, share links, tests).
//
//   {
//     "layers": [2, 2, 2],                 s_1 ... s_L, input layer first
//     "activations": "sigmoid",            one name, or an array of L-1 names (layers 2..L)
//     "loss": "mse",                       "mse" or "cross-entropy" (softmax output)
//     "weights": [W^(1), ..., W^(L-1)],    W^(l): s_{l+1} rows of s_l numbers; optional,
//                                          a null entry initialises that layer from the seed
//     "biases":  [b^(1), ..., b^(L-1)],    b^(l): s_{l+1} numbers; optional (null: zeros)
//     "input":  [x_1, ...] or [[...], ...] one example, or one row per example
//     "target": [y_1, ...] or [[...], ...] the same count of examples as input
//     "learningRate": 0.1,                 alpha >= 0, default 0.1
//     "weightDecay": 0,                    lambda >= 0, default 0
//     "seed": 1                            integer 0 ... 2^32-1, default 1
//   }
//
// parse_document checks everything and, on failure, returns a message that names the
// offending field as the document spells it (e.g. "weights[0][1][0]") and says what was
// expected. It never throws and never allocates more than the limits below allow.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "activation.hpp"
#include "types.hpp"

namespace bp {

enum class Loss { mse, cross_entropy };

std::string_view name_of(Loss loss);  // "mse", "cross-entropy"
std::vector<std::string_view> loss_names();  // every loss's name, mse first

// Bounds that keep memory use predictable, checked before anything is allocated.
struct DocumentLimits {
    static constexpr int max_layers = 32;
    static constexpr int max_units = 4096;                 // in one layer
    static constexpr long long max_parameters = 10'000'000;  // all W and b together
    static constexpr long long max_batch_values = 10'000'000;  // m * (s_1 + ... + s_L)
};

struct NetworkDocument {
    std::vector<int> layers;              // layers[l-1] = s_l
    std::vector<Activation> activations;  // activations[l-2] = f of layer l, l = 2..L
    Loss loss = Loss::mse;
    std::vector<std::optional<Matrix>> weights;  // weights[l-1] = W^(l), s_{l+1} x s_l
    std::vector<std::optional<Vector>> biases;   // biases[l-1] = b^(l), s_{l+1}
    Matrix input;                         // x: s_1 x m, one example per column
    Matrix target;                        // y: s_L x m
    bool batch = false;                   // input/target were written as rows of examples
    double learning_rate = 0.1;           // alpha
    double weight_decay = 0.0;            // lambda
    std::uint32_t seed = 1;

    int L() const { return static_cast<int>(layers.size()); }
};

struct DocumentResult {
    std::optional<NetworkDocument> document;
    std::string field;  // the offending field as the document spells it, e.g. "weights[0][1]"
    std::string error;  // the whole message, starting with the field; empty on success
};

DocumentResult parse_document(std::string_view json_text);

}  // namespace bp
