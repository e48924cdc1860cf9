#include "document.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "json.hpp"

namespace bp {

std::string_view name_of(Loss loss) { return loss == Loss::mse ? "mse" : "cross-entropy"; }

std::vector<std::string_view> loss_names() { return {name_of(Loss::mse), name_of(Loss::cross_entropy)}; }

namespace {

using json::Type;
using json::Value;

// A number as a person would write it back: shortest form that round-trips.
std::string show_number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buffer[32];
    if (v == std::floor(v) && std::abs(v) < 1e15) {
        std::snprintf(buffer, sizeof buffer, "%.0f", v);
        return buffer;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
        if (std::strtod(buffer, nullptr) == v) break;
    }
    return buffer;
}

// What a value is, for "got ..." in a message: the value itself when it is short.
std::string describe(const Value& v) {
    switch (v.type) {
        case Type::number: return show_number(v.number);
        case Type::string: {
            if (v.string.size() > 40) return "a string";
            std::string quoted = "\"";
            for (const char c : v.string) quoted += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
            return quoted + "\"";
        }
        case Type::boolean: return v.boolean ? "true" : "false";
        case Type::null: return "null";
        case Type::array: return "an array of " + std::to_string(v.items.size());
        case Type::object: return "an object";
    }
    return "?";
}

std::string indexed(const std::string& field, std::size_t k) {
    return field + "[" + std::to_string(k) + "]";
}

std::string plural(long long n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Each check returns false after recording the first problem; parse() stops there.
class Validator {
public:
    DocumentResult result;

    bool fail(const std::string& field, const std::string& message) {
        result.field = field;
        result.error = message;
        return false;
    }

    bool parse(std::string_view text) {
        auto parsed = json::parse(text);
        if (!parsed.ok()) return fail("", parsed.error);
        const Value& root = parsed.value;
        if (root.type != Type::object)
            return fail("", "document must be a JSON object, got " + describe(root));
        if (!known_fields(root)) return false;

        NetworkDocument doc;
        if (!layers(root, doc) || !activations(root, doc) || !loss(root, doc) ||
            !weights(root, doc) || !biases(root, doc) || !examples(root, doc) ||
            !scalars(root, doc))
            return false;
        result.document = std::move(doc);
        return true;
    }

private:
    static constexpr const char* kFields[] = {"layers", "input",        "target",      "activations", "loss",
                                              "weights", "biases",      "learningRate", "weightDecay", "seed"};

    bool known_fields(const Value& root) {
        for (const auto& [key, value] : root.members) {
            // Keys that mean something to JavaScript objects are ignored, never interpreted.
            if (key == "__proto__" || key == "constructor" || key == "prototype") continue;
            bool known = false;
            for (const char* name : kFields) known = known || key == name;
            if (!known) {
                std::string list;
                for (const char* name : kFields) list += std::string(list.empty() ? "" : ", ") + name;
                std::string shown = key;
                if (shown.size() > 40) {  // cut at a character boundary, not inside a UTF-8 sequence
                    std::size_t cut = 40;
                    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
                    shown = shown.substr(0, cut) + "...";
                }
                for (char& c : shown)
                    if (static_cast<unsigned char>(c) < 0x20) c = '?';
                return fail(shown, "unknown field \"" + shown + "\"; a network document has: " + list);
            }
        }
        return true;
    }

    // ---- shapes -------------------------------------------------------------------------------
    bool layers(const Value& root, NetworkDocument& doc) {
        const Value* v = root.find("layers");
        if (!v) return fail("layers", "layers is required: the units per layer, input first, e.g. [2, 2, 2]");
        if (v->type != Type::array)
            return fail("layers", "layers must be an array of unit counts, input first, e.g. [2, 2, 2], got " + describe(*v));
        const std::size_t L = v->items.size();
        if (L < 2)
            return fail("layers", "layers must list at least 2 layers (input and output), got " + std::to_string(L));
        if (L > static_cast<std::size_t>(DocumentLimits::max_layers))
            return fail("layers", "layers has " + std::to_string(L) + " layers; at most " +
                                      std::to_string(DocumentLimits::max_layers) + " are allowed");
        for (std::size_t k = 0; k < L; ++k) {
            const Value& s = v->items[k];
            const std::string field = indexed("layers", k);
            if (s.type != Type::number || !std::isfinite(s.number) || s.number != std::floor(s.number) || s.number < 1)
                return fail(field, field + " must be a positive whole number of units, got " + describe(s));
            if (s.number > DocumentLimits::max_units)
                return fail(field, field + " is " + show_number(s.number) + " units; at most " +
                                       std::to_string(DocumentLimits::max_units) + " are allowed in a layer");
            doc.layers.push_back(static_cast<int>(s.number));
        }
        long long parameters = 0;
        for (std::size_t l = 0; l + 1 < L; ++l)
            parameters += static_cast<long long>(doc.layers[l + 1]) * (doc.layers[l] + 1);
        if (parameters > DocumentLimits::max_parameters)
            return fail("layers", "layers describe " + std::to_string(parameters) + " parameters; at most " +
                                      std::to_string(DocumentLimits::max_parameters) + " are allowed");
        return true;
    }

    bool activations(const Value& root, NetworkDocument& doc) {
        const int L = doc.L();
        const Value* v = root.find("activations");
        const std::string expected = "an activation name (\"sigmoid\", \"tanh\", \"relu\", \"leaky-relu\", "
                                     "\"linear\", \"softmax\") or an array of " +
                                     std::to_string(L - 1) + " names (layers 2 to " + std::to_string(L) + ")";
        if (!v) return fail("activations", "activations is required: " + expected);
        const std::string names = "\"sigmoid\", \"tanh\", \"relu\", \"leaky-relu\", \"linear\", \"softmax\"";
        auto one = [&](const Value& name, const std::string& field) -> bool {
            if (name.type != Type::string)
                return fail(field, field + " must be an activation name (" + names + "), got " + describe(name));
            const auto f = activation_from_name(name.string);
            if (!f)
                return fail(field, field + " must be one of " + names + ", got " + describe(name));
            doc.activations.push_back(*f);
            return true;
        };
        if (v->type == Type::string) {
            for (int l = 2; l <= L; ++l)
                if (!one(*v, "activations")) return false;
        } else if (v->type == Type::array) {
            if (static_cast<int>(v->items.size()) != L - 1)
                return fail("activations", "activations must have " + plural(L - 1, "name", "names") +
                                               " (layers 2 to " + std::to_string(L) + "), got " +
                                               std::to_string(v->items.size()));
            for (std::size_t k = 0; k < v->items.size(); ++k)
                if (!one(v->items[k], indexed("activations", k))) return false;
        } else {
            return fail("activations", "activations must be " + expected + ", got " + describe(*v));
        }
        for (int l = 2; l < L; ++l) {
            if (doc.activations[l - 2] == Activation::softmax) {
                const std::string field = v->type == Type::array ? indexed("activations", l - 2) : "activations";
                return fail(field, field + " puts softmax on hidden layer " + std::to_string(l) +
                                       "; softmax is only allowed on the output layer (layer " +
                                       std::to_string(L) + ")");
            }
        }
        return true;
    }

    bool loss(const Value& root, NetworkDocument& doc) {
        const Value* v = root.find("loss");
        if (!v) return fail("loss", "loss is required: \"mse\" or \"cross-entropy\"");
        if (v->type == Type::string && v->string == "mse") {
            doc.loss = Loss::mse;
        } else if (v->type == Type::string && v->string == "cross-entropy") {
            doc.loss = Loss::cross_entropy;
        } else {
            return fail("loss", "loss must be \"mse\" or \"cross-entropy\", got " + describe(*v));
        }
        const int L = doc.L();
        const bool softmax_output = doc.activations.back() == Activation::softmax;
        const std::string last = root.find("activations")->type == Type::array
                                     ? indexed("activations", static_cast<std::size_t>(L - 2))
                                     : "activations";
        if (doc.loss == Loss::cross_entropy && !softmax_output)
            return fail("loss", "loss \"cross-entropy\" needs a softmax output layer: set " + last +
                                    " (layer " + std::to_string(L) + ") to \"softmax\"");
        if (doc.loss == Loss::mse && softmax_output)
            return fail("loss", "a softmax output layer needs loss \"cross-entropy\" (with \"mse\", "
                                "softmax's f'(z) is not element-wise), got \"mse\"");
        return true;
    }

    // A number that must be finite; `field` names its place (e.g. "weights[0][1][0]") for the message.
    bool finite(const Value& v, const std::string& field, double& out) {
        if (v.type != Type::number || !std::isfinite(v.number))
            return fail(field, field + " must be a finite number, got " + describe(v));
        out = v.number;
        return true;
    }

    // s numbers, e.g. one row of W^(l) or b^(l); `why` explains the count.
    bool row(const Value& v, const std::string& field, int s, const std::string& why, double* out,
             std::ptrdiff_t stride) {
        if (v.type != Type::array)
            return fail(field, field + " must be an array of " + plural(s, "number", "numbers") + " (" + why +
                                   "), got " + describe(v));
        if (static_cast<int>(v.items.size()) != s)
            return fail(field, field + " must have " + plural(s, "number", "numbers") + " (" + why + "), got " +
                                   std::to_string(v.items.size()));
        for (int j = 0; j < s; ++j)
            if (!finite(v.items[j], indexed(field, j), out[j * stride])) return false;
        return true;
    }

    std::string units(int l, int s) { return "layer " + std::to_string(l) + " has " + plural(s, "unit", "units"); }

    // weights[l-1] = W^(l): s_{l+1} rows of s_l numbers.
    bool weights(const Value& root, NetworkDocument& doc) {
        const int L = doc.L();
        doc.weights.assign(L - 1, std::nullopt);
        const Value* v = root.find("weights");
        if (!v || v->type == Type::null) return true;
        if (v->type != Type::array || static_cast<int>(v->items.size()) != L - 1)
            return fail("weights", "weights must be an array of " + plural(L - 1, "matrix", "matrices") +
                                       " (W^(1) to W^(" + std::to_string(L - 1) + ")), got " + describe(*v));
        for (int l = 1; l < L; ++l) {
            const Value& w = v->items[l - 1];
            if (w.type == Type::null) continue;  // initialised from the seed
            const std::string field = indexed("weights", l - 1);
            const int rows = doc.layers[l], cols = doc.layers[l - 1];
            if (w.type != Type::array)
                return fail(field, field + " must be W^(" + std::to_string(l) + "), an array of " +
                                       plural(rows, "row", "rows") + " (" + units(l + 1, rows) + "), got " + describe(w));
            if (static_cast<int>(w.items.size()) != rows)
                return fail(field, field + " must have " + plural(rows, "row", "rows") + " (" + units(l + 1, rows) +
                                       "), got " + std::to_string(w.items.size()));
            Matrix W(rows, cols);
            for (int i = 0; i < rows; ++i)
                if (!row(w.items[i], indexed(field, i), cols, units(l, cols), &W(i, 0), rows)) return false;
            doc.weights[l - 1] = std::move(W);
        }
        return true;
    }

    // biases[l-1] = b^(l): s_{l+1} numbers.
    bool biases(const Value& root, NetworkDocument& doc) {
        const int L = doc.L();
        doc.biases.assign(L - 1, std::nullopt);
        const Value* v = root.find("biases");
        if (!v || v->type == Type::null) return true;
        if (v->type != Type::array || static_cast<int>(v->items.size()) != L - 1)
            return fail("biases", "biases must be an array of " + plural(L - 1, "vector", "vectors") +
                                      " (b^(1) to b^(" + std::to_string(L - 1) + ")), got " + describe(*v));
        for (int l = 1; l < L; ++l) {
            const Value& b = v->items[l - 1];
            if (b.type == Type::null) continue;  // zeros
            const int rows = doc.layers[l];
            Vector vec(rows);
            if (!row(b, indexed("biases", l - 1), rows, units(l + 1, rows), vec.data(), 1)) return false;
            doc.biases[l - 1] = std::move(vec);
        }
        return true;
    }

    // input and target: one example as a flat array, or a batch as rows.
    bool examples(const Value& root, NetworkDocument& doc) {
        const Value* x = root.find("input");
        const Value* y = root.find("target");
        const int s1 = doc.layers.front(), sL = doc.layers.back(), L = doc.L();
        if (!x) return fail("input", "input is required: x, " + plural(s1, "number", "numbers") + " (" + units(1, s1) +
                                         "), or an array of such rows, one per example");
        if (!y) return fail("target", "target is required: y, " + plural(sL, "number", "numbers") + " (" +
                                          units(L, sL) + "), or an array of such rows, one per example");
        if (x->type != Type::array)
            return fail("input", "input must be an array of " + plural(s1, "number", "numbers") + " (" + units(1, s1) +
                                     ") or of rows, one per example, got " + describe(*x));
        if (x->items.empty()) return fail("input", "input must not be empty");
        doc.batch = x->items.front().type == Type::array;
        const std::size_t m = doc.batch ? x->items.size() : 1;

        long long total_units = 0;
        for (int s : doc.layers) total_units += s;
        if (static_cast<long long>(m) * total_units > DocumentLimits::max_batch_values)
            return fail("input", "input has " + std::to_string(m) + " examples; with " + std::to_string(total_units) +
                                     " units in all that is more than " +
                                     std::to_string(DocumentLimits::max_batch_values) + " values per pass");

        if (y->type != Type::array)
            return fail("target", "target must be an array of " + plural(sL, "number", "numbers") + " (" +
                                      units(L, sL) + ") or of rows, one per example, got " + describe(*y));
        const bool y_batch = !y->items.empty() && y->items.front().type == Type::array;
        if (y_batch != doc.batch)
            return fail("target", doc.batch ? "target must be rows, one per example, like input (input has " +
                                                  plural(static_cast<long long>(m), "example", "examples") + ")"
                                            : "target must be one example, a flat array like input, got an array of rows");
        if (doc.batch && y->items.size() != m)
            return fail("target", "target has " + plural(static_cast<long long>(y->items.size()), "example", "examples") +
                                      " but input has " + std::to_string(m));

        doc.input.resize(s1, static_cast<Eigen::Index>(m));
        doc.target.resize(sL, static_cast<Eigen::Index>(m));
        for (std::size_t e = 0; e < m; ++e) {
            const Value& xe = doc.batch ? x->items[e] : *x;
            const Value& ye = doc.batch ? y->items[e] : *y;
            const std::string xf = doc.batch ? indexed("input", e) : "input";
            const std::string yf = doc.batch ? indexed("target", e) : "target";
            if (!row(xe, xf, s1, units(1, s1), doc.input.col(static_cast<Eigen::Index>(e)).data(), 1)) return false;
            if (!row(ye, yf, sL, units(L, sL), doc.target.col(static_cast<Eigen::Index>(e)).data(), 1)) return false;
            if (doc.loss == Loss::cross_entropy) {
                const auto t = doc.target.col(static_cast<Eigen::Index>(e));
                if (t.minCoeff() < 0 || std::abs(t.sum() - 1.0) > 1e-9)
                    return fail(yf, yf + " must be a probability distribution for cross-entropy (no negative "
                                         "entries, summing to 1), got sum " + show_number(t.sum()) +
                                         (t.minCoeff() < 0 ? " with a negative entry" : ""));
            }
        }
        return true;
    }

    bool scalars(const Value& root, NetworkDocument& doc) {
        auto non_negative = [&](const char* field, double& out) -> bool {
            const Value* v = root.find(field);
            if (!v) return true;
            if (v->type != Type::number || !std::isfinite(v->number) || v->number < 0)
                return fail(field, std::string(field) + " must be a finite number >= 0, got " + describe(*v));
            out = v->number;
            return true;
        };
        if (!non_negative("learningRate", doc.learning_rate) || !non_negative("weightDecay", doc.weight_decay))
            return false;
        if (const Value* v = root.find("seed")) {
            if (v->type != Type::number || !(v->number >= 0 && v->number <= 4294967295.0) ||
                v->number != std::floor(v->number))
                return fail("seed", "seed must be a whole number from 0 to 4294967295, got " + describe(*v));
            doc.seed = static_cast<std::uint32_t>(v->number);
        }
        return true;
    }
};

}  // namespace

DocumentResult parse_document(std::string_view json_text) {
    Validator validator;
    validator.parse(json_text);
    return std::move(validator.result);
}

}  // namespace bp
