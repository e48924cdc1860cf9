// The network document (engine/document.hpp): what a valid document becomes, and for an
// invalid one the field it names (as the document spells it, e.g. "weights[0][1][0]") and
// the message it gives.
//
// Oracles: the documents below and their meaning worked by hand (row i of W^(l) = weights
// into unit i of layer l+1, docs/NOTATION.md); the expected messages are the ones
// engine/document.cpp chose, checked here for naming the field and saying what was expected.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "document.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define BP_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BP_TEST_UNDER_ASAN 1
#endif
#endif

namespace {

using bp::Activation;
using bp::DocumentLimits;
using bp::DocumentResult;
using bp::Loss;
using bp::parse_document;

// The 2-2-2 example of the notes, as JSON fields in document order; tests replace or drop
// single fields.
class Doc {
public:
    Doc() = default;
    Doc& set(const std::string& key, const std::string& json) {
        for (auto& [k, v] : fields_)
            if (k == key) {
                v = json;
                return *this;
            }
        fields_.emplace_back(key, json);
        return *this;
    }
    Doc& drop(const std::string& key) {
        for (auto it = fields_.begin(); it != fields_.end(); ++it)
            if (it->first == key) {
                fields_.erase(it);
                break;
            }
        return *this;
    }
    std::string text() const {
        std::string out = "{";
        for (const auto& [k, v] : fields_) out += (out.size() > 1 ? ", \"" : "\"") + k + "\": " + v;
        return out + "}";
    }

private:
    std::vector<std::pair<std::string, std::string>> fields_ = {
        {"layers", "[2, 2, 2]"},
        {"activations", "\"sigmoid\""},
        {"loss", "\"mse\""},
        {"weights", "[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]"},
        {"biases", "[[0.1, 0.1], [0.2, 0.2]]"},
        {"input", "[0.5, 0.25]"},
        {"target", "[0, 1]"},
    };
};

// "[v, v, ..., v]" with n entries.
std::string repeated(const std::string& v, int n) {
    std::string out = "[";
    for (int k = 0; k < n; ++k) out += (k ? ", " : "") + v;
    return out + "]";
}

bp::NetworkDocument parse_valid(const std::string& text) {
    DocumentResult r = parse_document(text);
    EXPECT_TRUE(r.document.has_value()) << text << "\n -> field \"" << r.field << "\": " << r.error;
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.field, "");
    if (!r.document) return {};
    return *r.document;
}

// The document is refused, naming `field`, with exactly `message`.
void expect_refused(const std::string& text, const std::string& field, const std::string& message) {
    DocumentResult r = parse_document(text);
    EXPECT_FALSE(r.document.has_value()) << "accepted: " << text;
    EXPECT_EQ(r.field, field) << text;
    EXPECT_EQ(r.error, message) << text;
}

// ---- valid documents -------------------------------------------------------------------------

TEST(ValidDocument, TheTwoTwoTwoExampleReadsAsWritten) {
    const auto doc = parse_valid(Doc().text());
    EXPECT_EQ(doc.layers, (std::vector<int>{2, 2, 2}));
    EXPECT_EQ(doc.L(), 3);
    // One name for every non-input layer: f of layers 2 and 3.
    EXPECT_EQ(doc.activations, (std::vector<Activation>{Activation::sigmoid, Activation::sigmoid}));
    EXPECT_EQ(doc.loss, Loss::mse);

    ASSERT_EQ(doc.weights.size(), 2u);
    ASSERT_TRUE(doc.weights[0] && doc.weights[1]);
    // W^(1) = [[0.1, 0.2], [0.3, 0.4]]: row i holds the weights into unit i of layer 2.
    const bp::Matrix& W1 = *doc.weights[0];
    ASSERT_EQ(W1.rows(), 2);
    ASSERT_EQ(W1.cols(), 2);
    EXPECT_EQ(W1(0, 0), 0.1);
    EXPECT_EQ(W1(0, 1), 0.2);  // W_12^(1): out of unit 2 of layer 1, into unit 1 of layer 2
    EXPECT_EQ(W1(1, 0), 0.3);  // W_21^(1): out of unit 1 of layer 1, into unit 2 of layer 2
    EXPECT_EQ(W1(1, 1), 0.4);
    const bp::Matrix& W2 = *doc.weights[1];
    EXPECT_EQ(W2(0, 0), 0.5);
    EXPECT_EQ(W2(0, 1), 0.6);
    EXPECT_EQ(W2(1, 0), 0.7);
    EXPECT_EQ(W2(1, 1), 0.8);

    ASSERT_EQ(doc.biases.size(), 2u);
    ASSERT_TRUE(doc.biases[0] && doc.biases[1]);
    EXPECT_EQ(*doc.biases[0], bp::Vector::Constant(2, 0.1));
    EXPECT_EQ(*doc.biases[1], bp::Vector::Constant(2, 0.2));

    // One example: x is s_1 x 1, y is s_L x 1.
    EXPECT_FALSE(doc.batch);
    ASSERT_EQ(doc.input.rows(), 2);
    ASSERT_EQ(doc.input.cols(), 1);
    EXPECT_EQ(doc.input(0, 0), 0.5);
    EXPECT_EQ(doc.input(1, 0), 0.25);
    ASSERT_EQ(doc.target.rows(), 2);
    ASSERT_EQ(doc.target.cols(), 1);
    EXPECT_EQ(doc.target(0, 0), 0.0);
    EXPECT_EQ(doc.target(1, 0), 1.0);

    // Defaults: alpha 0.1, lambda 0, seed 1.
    EXPECT_EQ(doc.learning_rate, 0.1);
    EXPECT_EQ(doc.weight_decay, 0.0);
    EXPECT_EQ(doc.seed, 1u);
}

TEST(ValidDocument, WeightsOfANonSquareLayerAreRowsIntoTheNextLayer) {
    // layers [2, 3, 1]: W^(1) is s_2 x s_1 = 3 x 2, W^(2) is 1 x 3.
    const auto doc = parse_valid(Doc()
                                     .set("layers", "[2, 3, 1]")
                                     .set("weights", "[[[1, 2], [3, 4], [5, 6]], [[7, 8, 9]]]")
                                     .set("biases", "[[-1, -2, -3], [4]]")
                                     .set("target", "[0.5]")
                                     .text());
    const bp::Matrix& W1 = *doc.weights[0];
    ASSERT_EQ(W1.rows(), 3);
    ASSERT_EQ(W1.cols(), 2);
    EXPECT_EQ(W1(2, 0), 5.0);
    EXPECT_EQ(W1(2, 1), 6.0);
    EXPECT_EQ(W1(0, 1), 2.0);
    const bp::Matrix& W2 = *doc.weights[1];
    ASSERT_EQ(W2.rows(), 1);
    ASSERT_EQ(W2.cols(), 3);
    EXPECT_EQ(W2(0, 2), 9.0);
    EXPECT_EQ((*doc.biases[0])(2), -3.0);
    EXPECT_EQ(doc.biases[1]->size(), 1);
    EXPECT_EQ(doc.target.rows(), 1);
}

TEST(ValidDocument, AnArrayOfActivationsGivesOneToEachLayerFromTwoToL) {
    const auto doc = parse_valid(Doc()
                                     .set("layers", "[2, 3, 3, 2]")
                                     .set("activations", R"(["relu", "leaky-relu", "softmax"])")
                                     .set("loss", "\"cross-entropy\"")
                                     .drop("weights")
                                     .drop("biases")
                                     .set("target", "[0.25, 0.75]")
                                     .text());
    EXPECT_EQ(doc.activations,
              (std::vector<Activation>{Activation::relu, Activation::leaky_relu, Activation::softmax}));
    EXPECT_EQ(doc.loss, Loss::cross_entropy);
}

TEST(ValidDocument, BatchRowsBecomeOneColumnPerExample) {
    const auto doc = parse_valid(
        Doc().set("input", "[[1, 2], [3, 4], [5, 6]]").set("target", "[[0, 1], [1, 0], [0.5, 0.5]]").text());
    EXPECT_TRUE(doc.batch);
    ASSERT_EQ(doc.input.rows(), 2);  // s_1
    ASSERT_EQ(doc.input.cols(), 3);  // m
    EXPECT_EQ(doc.input(0, 1), 3.0);  // example 2, unit 1
    EXPECT_EQ(doc.input(1, 1), 4.0);  // example 2, unit 2
    EXPECT_EQ(doc.input(1, 2), 6.0);
    ASSERT_EQ(doc.target.cols(), 3);
    EXPECT_EQ(doc.target(0, 1), 1.0);
    EXPECT_EQ(doc.target(1, 1), 0.0);
}

TEST(ValidDocument, ABatchOfOneExampleIsStillABatch) {
    const auto doc = parse_valid(Doc().set("input", "[[0.5, 0.25]]").set("target", "[[0, 1]]").text());
    EXPECT_TRUE(doc.batch);
    EXPECT_EQ(doc.input.cols(), 1);
}

TEST(ValidDocument, MissingOrNullWeightsAndBiasesAreLeftForTheSeed) {
    for (const char* weights : {"", "null", "[null, null]"}) {
        Doc d;
        if (*weights) d.set("weights", weights).set("biases", weights);
        else d.drop("weights").drop("biases");
        const auto doc = parse_valid(d.text());
        ASSERT_EQ(doc.weights.size(), 2u) << weights;
        ASSERT_EQ(doc.biases.size(), 2u) << weights;
        EXPECT_FALSE(doc.weights[0] || doc.weights[1]) << weights;
        EXPECT_FALSE(doc.biases[0] || doc.biases[1]) << weights;
    }
    // One layer given, one left to the seed.
    const auto doc = parse_valid(Doc().set("weights", "[null, [[0.5, 0.6], [0.7, 0.8]]]")
                                     .set("biases", "[[0.1, 0.1], null]")
                                     .text());
    EXPECT_FALSE(doc.weights[0].has_value());
    ASSERT_TRUE(doc.weights[1].has_value());
    EXPECT_EQ((*doc.weights[1])(1, 0), 0.7);
    ASSERT_TRUE(doc.biases[0].has_value());
    EXPECT_FALSE(doc.biases[1].has_value());
}

TEST(ValidDocument, ReadsLearningRateWeightDecayAndSeed) {
    const auto doc = parse_valid(
        Doc().set("learningRate", "0.5").set("weightDecay", "0.001").set("seed", "4294967295").text());
    EXPECT_EQ(doc.learning_rate, 0.5);
    EXPECT_EQ(doc.weight_decay, 0.001);
    EXPECT_EQ(doc.seed, 4294967295u);  // 2^32 - 1, the largest seed
    const auto zero = parse_valid(Doc().set("learningRate", "0").set("weightDecay", "0").set("seed", "0").text());
    EXPECT_EQ(zero.learning_rate, 0.0);
    EXPECT_EQ(zero.seed, 0u);
    EXPECT_EQ(parse_valid(Doc().set("seed", "1e3").text()).seed, 1000u);  // a whole number, however written
}

TEST(ValidDocument, ADuplicateFieldTheLastOneWinsAsInJsonParse) {
    const auto doc = parse_valid(R"({"layers": [5, 5], "layers": [2, 2, 2], "activations": "tanh",
        "loss": "mse", "input": [1, 2], "target": [3, 4]})");
    EXPECT_EQ(doc.layers, (std::vector<int>{2, 2, 2}));
}

TEST(ValidDocument, JavaScriptObjectKeysAreIgnored) {
    const auto doc = parse_valid(Doc().set("__proto__", "{\"layers\": [9]}").set("constructor", "1").text());
    EXPECT_EQ(doc.layers, (std::vector<int>{2, 2, 2}));
}

TEST(ValidDocument, CrossEntropyTargetsThatSumToOneAreAccepted) {
    const auto doc = parse_valid(Doc()
                                     .set("activations", R"(["tanh", "softmax"])")
                                     .set("loss", "\"cross-entropy\"")
                                     .set("input", "[[0, 1], [1, 0]]")
                                     .set("target", "[[0.1, 0.9], [1, 0]]")
                                     .text());
    EXPECT_EQ(doc.target(1, 0), 0.9);
    EXPECT_EQ(doc.target(0, 1), 1.0);
}

// ---- the limits, at and just past the boundary --------------------------------------------

TEST(DocumentLimitsBoundary, ThirtyTwoLayersAreAllowedAndThirtyThreeRefused) {
    EXPECT_EQ(DocumentLimits::max_layers, 32);
    parse_valid(Doc().set("layers", repeated("1", 32)).drop("weights").drop("biases")
                    .set("input", "[0]").set("target", "[0]").text());
    expect_refused(Doc().set("layers", repeated("1", 33)).text(), "layers",
                   "layers has 33 layers; at most 32 are allowed");
}

TEST(DocumentLimitsBoundary, A4096UnitLayerIsAllowedAndA5000UnitLayerRefused) {
    EXPECT_EQ(DocumentLimits::max_units, 4096);
    parse_valid(Doc().set("layers", "[1, 4096]").drop("weights").drop("biases")
                    .set("input", "[1]").set("target", repeated("0", 4096)).text());
    expect_refused(Doc().set("layers", "[2, 5000, 2]").text(), "layers[1]",
                   "layers[1] is 5000 units; at most 4096 are allowed in a layer");
    expect_refused(Doc().set("layers", "[2, 2, 4097]").text(), "layers[2]",
                   "layers[2] is 4097 units; at most 4096 are allowed in a layer");
    expect_refused(Doc().set("layers", "[1e300, 2]").text(), "layers[0]",
                   "layers[0] is 1e+300 units; at most 4096 are allowed in a layer");
}

TEST(DocumentLimitsBoundary, TenMillionParametersAreAllowedAndOneMoreLayerRowRefused) {
    EXPECT_EQ(DocumentLimits::max_parameters, 10'000'000);
    // [2499, 4000]: W^(1) is 4000 x 2499 and b^(1) has 4000: 4000 * (2499 + 1) = 10,000,000.
    parse_valid(Doc().set("layers", "[2499, 4000]").drop("weights").drop("biases")
                    .set("input", repeated("0", 2499)).set("target", repeated("0", 4000)).text());
    // [2500, 4000]: 4000 * 2501 = 10,004,000.
    expect_refused(Doc().set("layers", "[2500, 4000]").text(), "layers",
                   "layers describe 10004000 parameters; at most 10000000 are allowed");
    // [4096, 4096, 4096]: 2 * 4096 * (4096 + 1) = 33,562,624.
    expect_refused(Doc().set("layers", "[4096, 4096, 4096]").text(), "layers",
                   "layers describe 33562624 parameters; at most 10000000 are allowed");
}

// layers [1, 4000, 998, 1]: 5000 units in all, 4000*2 + 998*4001 + 1*999 = 4,001,997
// parameters (within the limit); m examples make m * 5000 values per pass.
std::string batch_document(int m) {
    return Doc()
        .set("layers", "[1, 4000, 998, 1]")
        .drop("weights")
        .drop("biases")
        .set("input", repeated("[0]", m))
        .set("target", repeated("[0]", m))
        .text();
}

TEST(DocumentLimitsBoundary, TenMillionValuesPerPassAreAllowedAndOneMoreExampleRefused) {
    EXPECT_EQ(DocumentLimits::max_batch_values, 10'000'000);
    const auto doc = parse_valid(batch_document(2000));  // 2000 * 5000 = 10,000,000
    EXPECT_EQ(doc.input.cols(), 2000);
    expect_refused(batch_document(2001), "input",  // 2001 * 5000 = 10,005,000
                   "input has 2001 examples; with 5000 units in all that is more than 10000000 values per pass");
}

// The documents above that are too big, refused without allocating what they describe: in
// a child process whose address space may grow by only 64 MiB (one W^(1) of [4096, 4096,
// 4096] alone is 4096 * 4096 * 8 bytes = 128 MiB; the z of the 2001-example batch is 5000 *
// 2001 * 8 bytes = 76 MiB), every refusal must come back, quickly, with no std::bad_alloc.
long current_address_space_bytes() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmSize:") {
            long kib = 0;
            status >> kib;
            return kib * 1024;
        }
        std::getline(status, key);
    }
    return -1;
}

void parse_hostile_documents_in_bounded_memory() {
    const std::vector<std::string> hostile = {
        Doc().set("layers", repeated("1", 33)).text(),
        Doc().set("layers", repeated("4096", 32)).text(),  // 31 * 4096 * 4097 parameters
        Doc().set("layers", "[2, 5000, 2]").text(),
        Doc().set("layers", "[4096, 4096, 4096]").text(),
        Doc().set("layers", "[4096, 4096, 4096]").set("weights", "[null, null]").text(),
        batch_document(2001),
        batch_document(20000),
    };
    const long now = current_address_space_bytes();
    if (now <= 0) std::exit(3);
    const rlimit limit{static_cast<rlim_t>(now) + (64l << 20), static_cast<rlim_t>(now) + (64l << 20)};
    if (setrlimit(RLIMIT_AS, &limit) != 0) std::exit(4);
    int failures = 0;
    for (const auto& text : hostile) {
        const auto start = std::chrono::steady_clock::now();
        const DocumentResult r = parse_document(text);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (r.document || r.error.empty() || seconds > 0.5) {
            std::fprintf(stderr, "not refused quickly (%.3f s): %.80s\n", seconds, text.c_str());
            ++failures;
        }
    }
    std::exit(failures == 0 ? 0 : 1);
}

TEST(DocumentLimitsBoundary, OversizedNetworksAndBatchesAreRefusedWithoutAllocatingThem) {
#ifdef BP_TEST_UNDER_ASAN
    GTEST_SKIP() << "AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot bound it";
#else
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(parse_hostile_documents_in_bounded_memory(), ::testing::ExitedWithCode(0), "");
#endif
}

// ---- invalid documents: the field and the message ----------------------------------------

TEST(InvalidDocument, TextThatIsNotAJsonObjectNamesNoField) {
    expect_refused("{", "", "document is not valid JSON: expected a quoted key in an object at line 1, column 2");
    expect_refused("", "", "document is not valid JSON: unexpected end of text at line 1, column 1");
    expect_refused("[1]", "", "document must be a JSON object, got an array of 1");
    expect_refused("\"layers\"", "", "document must be a JSON object, got \"layers\"");
    expect_refused("null", "", "document must be a JSON object, got null");
}

TEST(InvalidDocument, AnUnknownFieldIsNamedAndTheKnownOnesListed) {
    // Catches misspellings such as "Layers" or "learning_rate" instead of silently using a default.
    expect_refused(Doc().set("learning_rate", "0.5").text(), "learning_rate",
                   "unknown field \"learning_rate\"; a network document has: layers, input, target, "
                   "activations, loss, weights, biases, learningRate, weightDecay, seed");
    const DocumentResult r = parse_document(Doc().set("Layers", "[2, 2, 2]").text());
    EXPECT_EQ(r.field, "Layers");
}

TEST(InvalidDocument, LayersMustBeAnArrayOfAtLeastTwoPositiveWholeNumbers) {
    expect_refused(Doc().drop("layers").text(), "layers",
                   "layers is required: the units per layer, input first, e.g. [2, 2, 2]");
    expect_refused(Doc().set("layers", "\"2,2,2\"").text(), "layers",
                   "layers must be an array of unit counts, input first, e.g. [2, 2, 2], got \"2,2,2\"");
    expect_refused(Doc().set("layers", "[2]").text(), "layers",
                   "layers must list at least 2 layers (input and output), got 1");
    expect_refused(Doc().set("layers", "[]").text(), "layers",
                   "layers must list at least 2 layers (input and output), got 0");
    const std::vector<std::pair<std::string, std::string>> bad_units = {
        {"0", "0"}, {"-2", "-2"}, {"1.5", "1.5"}, {"\"2\"", "\"2\""}, {"null", "null"},
        {"true", "true"}, {"NaN", "NaN"}, {"Infinity", "Infinity"}, {"[2]", "an array of 1"}};
    for (const auto& [json, shown] : bad_units)
        expect_refused(Doc().set("layers", "[2, " + json + ", 2]").text(), "layers[1]",
                       "layers[1] must be a positive whole number of units, got " + shown);
}

TEST(InvalidDocument, ActivationsMustBeKnownNamesOnePerLayer) {
    const std::string expected_names =
        "an activation name (\"sigmoid\", \"tanh\", \"relu\", \"leaky-relu\", \"linear\", \"softmax\") "
        "or an array of 2 names (layers 2 to 3)";
    expect_refused(Doc().drop("activations").text(), "activations", "activations is required: " + expected_names);
    expect_refused(Doc().set("activations", "\"sigmod\"").text(), "activations",
                   "activations must be one of \"sigmoid\", \"tanh\", \"relu\", \"leaky-relu\", \"linear\", "
                   "\"softmax\", got \"sigmod\"");
    expect_refused(Doc().set("activations", "7").text(), "activations",
                   "activations must be " + expected_names + ", got 7");
    expect_refused(Doc().set("activations", R"(["sigmoid"])").text(), "activations",
                   "activations must have 2 names (layers 2 to 3), got 1");
    expect_refused(Doc().set("activations", R"(["sigmoid", "tanh", "relu"])").text(), "activations",
                   "activations must have 2 names (layers 2 to 3), got 3");
    expect_refused(Doc().set("activations", R"(["sigmoid", "Tanh"])").text(), "activations[1]",
                   "activations[1] must be one of \"sigmoid\", \"tanh\", \"relu\", \"leaky-relu\", \"linear\", "
                   "\"softmax\", got \"Tanh\"");
    expect_refused(Doc().set("activations", R"(["sigmoid", 3])").text(), "activations[1]",
                   "activations[1] must be an activation name (\"sigmoid\", \"tanh\", \"relu\", \"leaky-relu\", "
                   "\"linear\", \"softmax\"), got 3");
}

TEST(InvalidDocument, SoftmaxIsOnlyAllowedOnTheOutputLayer) {
    expect_refused(Doc().set("activations", R"(["softmax", "softmax"])").set("loss", "\"cross-entropy\"").text(),
                   "activations[0]",
                   "activations[0] puts softmax on hidden layer 2; softmax is only allowed on the output layer "
                   "(layer 3)");
    expect_refused(Doc().set("activations", "\"softmax\"").set("loss", "\"cross-entropy\"").text(), "activations",
                   "activations puts softmax on hidden layer 2; softmax is only allowed on the output layer "
                   "(layer 3)");
}

TEST(InvalidDocument, LossMustBeMseOrCrossEntropyWithASoftmaxOutput) {
    expect_refused(Doc().drop("loss").text(), "loss", "loss is required: \"mse\" or \"cross-entropy\"");
    expect_refused(Doc().set("loss", "\"MSE\"").text(), "loss",
                   "loss must be \"mse\" or \"cross-entropy\", got \"MSE\"");
    expect_refused(Doc().set("loss", "\"cross_entropy\"").text(), "loss",
                   "loss must be \"mse\" or \"cross-entropy\", got \"cross_entropy\"");
    expect_refused(Doc().set("loss", "0").text(), "loss", "loss must be \"mse\" or \"cross-entropy\", got 0");
    // Cross-entropy needs softmax on layer L; the message names the activation to change.
    expect_refused(Doc().set("loss", "\"cross-entropy\"").text(), "loss",
                   "loss \"cross-entropy\" needs a softmax output layer: set activations (layer 3) to \"softmax\"");
    expect_refused(Doc().set("loss", "\"cross-entropy\"").set("activations", R"(["tanh", "sigmoid"])").text(),
                   "loss",
                   "loss \"cross-entropy\" needs a softmax output layer: set activations[1] (layer 3) to "
                   "\"softmax\"");
    // And softmax needs cross-entropy.
    expect_refused(Doc().set("activations", R"(["tanh", "softmax"])").text(), "loss",
                   "a softmax output layer needs loss \"cross-entropy\" (with \"mse\", softmax's f'(z) is not "
                   "element-wise), got \"mse\"");
}

TEST(InvalidDocument, WeightsMustBeOneMatrixPerLayerOfTheRightShape) {
    expect_refused(Doc().set("weights", "\"W\"").text(), "weights",
                   "weights must be an array of 2 matrices (W^(1) to W^(2)), got \"W\"");
    expect_refused(Doc().set("weights", "[[[0.1, 0.2], [0.3, 0.4]]]").text(), "weights",
                   "weights must be an array of 2 matrices (W^(1) to W^(2)), got an array of 1");
    expect_refused(Doc().set("weights", "[5, null]").text(), "weights[0]",
                   "weights[0] must be W^(1), an array of 2 rows (layer 2 has 2 units), got 5");
    expect_refused(Doc().set("weights", "[[[0.1, 0.2]], null]").text(), "weights[0]",
                   "weights[0] must have 2 rows (layer 2 has 2 units), got 1");
    // A row of W^(1) has s_1 numbers, one per unit of layer 1.
    expect_refused(Doc().set("weights", "[[[0.1, 0.2], [0.3]], null]").text(), "weights[0][1]",
                   "weights[0][1] must have 2 numbers (layer 1 has 2 units), got 1");
    expect_refused(Doc().set("weights", "[[[0.1, 0.2], 0.3], null]").text(), "weights[0][1]",
                   "weights[0][1] must be an array of 2 numbers (layer 1 has 2 units), got 0.3");
    // Shapes of a non-square network: [2, 3, 1] needs W^(1) 3 x 2 and W^(2) 1 x 3.
    expect_refused(Doc()
                       .set("layers", "[2, 3, 1]")
                       .set("weights", "[[[1, 2], [3, 4]], null]")
                       .drop("biases")
                       .set("target", "[1]")
                       .text(),
                   "weights[0]", "weights[0] must have 3 rows (layer 2 has 3 units), got 2");
    expect_refused(Doc()
                       .set("layers", "[2, 3, 1]")
                       .set("weights", "[null, [[7, 8]]]")
                       .drop("biases")
                       .set("target", "[1]")
                       .text(),
                   "weights[1][0]", "weights[1][0] must have 3 numbers (layer 2 has 3 units), got 2");
}

TEST(InvalidDocument, EveryWeightMustBeAFiniteNumberNamedByItsIndices) {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"NaN", "NaN"}, {"Infinity", "Infinity"}, {"-Infinity", "-Infinity"}, {"1e999", "Infinity"},
        {"null", "null"}, {"\"0.3\"", "\"0.3\""}, {"true", "true"}, {"[0.3]", "an array of 1"}};
    for (const auto& [json, shown] : bad) {
        // weights[0][1][0] is W_21^(1): the weight from unit 1 of layer 1 into unit 2 of layer 2.
        expect_refused(Doc().set("weights", "[[[0.1, 0.2], [" + json + ", 0.4]], null]").text(), "weights[0][1][0]",
                       "weights[0][1][0] must be a finite number, got " + shown);
    }
    expect_refused(Doc().set("weights", "[null, [[0.5, 0.6], [0.7, NaN]]]").text(), "weights[1][1][1]",
                   "weights[1][1][1] must be a finite number, got NaN");
}

TEST(InvalidDocument, BiasesMustBeOneVectorPerLayerOfFiniteNumbers) {
    expect_refused(Doc().set("biases", "[[0.1, 0.1]]").text(), "biases",
                   "biases must be an array of 2 vectors (b^(1) to b^(2)), got an array of 1");
    expect_refused(Doc().set("biases", "[[0.1, 0.1], [0.2]]").text(), "biases[1]",
                   "biases[1] must have 2 numbers (layer 3 has 2 units), got 1");
    expect_refused(Doc().set("biases", "[0.1, null]").text(), "biases[0]",
                   "biases[0] must be an array of 2 numbers (layer 2 has 2 units), got 0.1");
    expect_refused(Doc().set("biases", "[[0.1, NaN], null]").text(), "biases[0][1]",
                   "biases[0][1] must be a finite number, got NaN");
}

TEST(InvalidDocument, InputMustBeOneExampleOrRowsOfExamples) {
    expect_refused(Doc().drop("input").text(), "input",
                   "input is required: x, 2 numbers (layer 1 has 2 units), or an array of such rows, one per "
                   "example");
    expect_refused(Doc().set("input", "\"x\"").text(), "input",
                   "input must be an array of 2 numbers (layer 1 has 2 units) or of rows, one per example, got "
                   "\"x\"");
    expect_refused(Doc().set("input", "[]").text(), "input", "input must not be empty");
    expect_refused(Doc().set("input", "[0.5]").text(), "input",
                   "input must have 2 numbers (layer 1 has 2 units), got 1");
    expect_refused(Doc().set("input", "[0.5, NaN]").text(), "input[1]", "input[1] must be a finite number, got NaN");
    // In a batch, input[e] is example e (0-based as in the document).
    expect_refused(Doc().set("input", "[[0.5, 0.25], [1, 2, 3]]").set("target", "[[0, 1], [1, 0]]").text(),
                   "input[1]", "input[1] must have 2 numbers (layer 1 has 2 units), got 3");
    expect_refused(Doc().set("input", "[[0.5, 0.25], [1, \"2\"]]").set("target", "[[0, 1], [1, 0]]").text(),
                   "input[1][1]", "input[1][1] must be a finite number, got \"2\"");
}

TEST(InvalidDocument, TargetMustMatchInputExampleForExample) {
    expect_refused(Doc().drop("target").text(), "target",
                   "target is required: y, 2 numbers (layer 3 has 2 units), or an array of such rows, one per "
                   "example");
    expect_refused(Doc().set("target", "1").text(), "target",
                   "target must be an array of 2 numbers (layer 3 has 2 units) or of rows, one per example, got 1");
    expect_refused(Doc().set("target", "[0]").text(), "target",
                   "target must have 2 numbers (layer 3 has 2 units), got 1");
    expect_refused(Doc().set("target", "[0, Infinity]").text(), "target[1]",
                   "target[1] must be a finite number, got Infinity");
    expect_refused(Doc().set("input", "[[0.5, 0.25], [1, 2]]").text(), "target",
                   "target must be rows, one per example, like input (input has 2 examples)");
    expect_refused(Doc().set("target", "[[0, 1]]").text(), "target",
                   "target must be one example, a flat array like input, got an array of rows");
    expect_refused(Doc().set("input", "[[0.5, 0.25], [1, 2]]").set("target", "[[0, 1]]").text(), "target",
                   "target has 1 example but input has 2");
    expect_refused(Doc().set("input", "[[0.5, 0.25], [1, 2]]").set("target", "[[0, 1], [0]]").text(), "target[1]",
                   "target[1] must have 2 numbers (layer 3 has 2 units), got 1");
}

TEST(InvalidDocument, CrossEntropyTargetsMustBeProbabilityDistributions) {
    // delta^(L) = a^(L) - y is the gradient of -sum y_k log a_k only when sum y_k = 1.
    Doc ce;
    ce.set("activations", R"(["tanh", "softmax"])").set("loss", "\"cross-entropy\"");
    expect_refused(Doc(ce).set("target", "[0.25, 0.5]").text(), "target",
                   "target must be a probability distribution for cross-entropy (no negative entries, summing to "
                   "1), got sum 0.75");
    expect_refused(Doc(ce).set("target", "[1.5, -0.5]").text(), "target",
                   "target must be a probability distribution for cross-entropy (no negative entries, summing to "
                   "1), got sum 1 with a negative entry");
    expect_refused(Doc(ce).set("input", "[[0, 1], [1, 0]]").set("target", "[[0.5, 0.5], [0.25, 0.5]]").text(),
                   "target[1]",
                   "target[1] must be a probability distribution for cross-entropy (no negative entries, summing "
                   "to 1), got sum 0.75");
}

TEST(InvalidDocument, LearningRateAndWeightDecayMustBeFiniteAndNonNegative) {
    expect_refused(Doc().set("learningRate", "-0.1").text(), "learningRate",
                   "learningRate must be a finite number >= 0, got -0.1");
    expect_refused(Doc().set("learningRate", "\"0.1\"").text(), "learningRate",
                   "learningRate must be a finite number >= 0, got \"0.1\"");
    expect_refused(Doc().set("learningRate", "NaN").text(), "learningRate",
                   "learningRate must be a finite number >= 0, got NaN");
    expect_refused(Doc().set("learningRate", "null").text(), "learningRate",
                   "learningRate must be a finite number >= 0, got null");
    expect_refused(Doc().set("weightDecay", "-1").text(), "weightDecay",
                   "weightDecay must be a finite number >= 0, got -1");
    expect_refused(Doc().set("weightDecay", "Infinity").text(), "weightDecay",
                   "weightDecay must be a finite number >= 0, got Infinity");
}

TEST(InvalidDocument, SeedMustBeAWholeNumberThatFitsIn32Bits) {
    for (const auto& [json, shown] : std::vector<std::pair<std::string, std::string>>{
             {"-1", "-1"}, {"1.5", "1.5"}, {"4294967296", "4294967296"}, {"\"1\"", "\"1\""}, {"NaN", "NaN"},
             {"Infinity", "Infinity"}, {"null", "null"}})
        expect_refused(Doc().set("seed", json).text(), "seed",
                       "seed must be a whole number from 0 to 4294967295, got " + shown);
}

TEST(InvalidDocument, TheFirstProblemInFieldOrderIsReported) {
    // Several problems: layers is checked before weights and input.
    expect_refused(Doc().set("layers", "[2, 0]").set("weights", "1").set("input", "[]").text(), "layers[1]",
                   "layers[1] must be a positive whole number of units, got 0");
}

TEST(InvalidDocument, EveryMessageNamesItsField) {
    // Whatever the problem, the message starts with the field it reports, as document.hpp
    // promises, so that a learner can find it. (Two messages name their field later on: the
    // unknown-field message and the softmax-needs-cross-entropy one, asserted above.)
    const std::vector<std::string> texts = {
        Doc().set("layers", "[2, 0, 2]").text(),
        Doc().set("activations", R"(["sigmoid", 3])").text(),
        Doc().set("loss", "\"cross-entropy\"").text(),
        Doc().set("weights", "[[[0.1, 0.2], [NaN, 0.4]], null]").text(),
        Doc().set("biases", "[[0.1, 0.1], [0.2]]").text(),
        Doc().set("input", "[0.5, null]").text(),
        Doc().set("target", "[0]").text(),
        Doc().set("learningRate", "-1").text(),
        Doc().set("weightDecay", "-1").text(),
        Doc().set("seed", "-1").text(),
        batch_document(2001),
    };
    for (const auto& text : texts) {
        const DocumentResult r = parse_document(text);
        ASSERT_FALSE(r.document.has_value()) << text;
        ASSERT_FALSE(r.field.empty()) << text;
        EXPECT_EQ(r.error.rfind(r.field, 0), 0u) << "field " << r.field << ", message: " << r.error;
    }
}

}  // namespace
