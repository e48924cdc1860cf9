// libFuzzer target over the document reader and validator, and a pass on what they accept.
// Built by `npm run fuzz` with clang -fsanitize=fuzzer,address,undefined; any crash, leak,
// sanitizer report or broken invariant below stops the run with the input that caused it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "document.hpp"
#include "network.hpp"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bp::DocumentResult result = bp::parse_document(text);
    // Exactly one of: a document, or a message.
    require(result.document.has_value() == result.error.empty());
    if (!result.document) return 0;

    const bp::NetworkDocument& doc = *result.document;
    require(doc.L() >= 2 && doc.L() <= bp::DocumentLimits::max_layers);
    require(doc.input.rows() == doc.layers.front() && doc.target.rows() == doc.layers.back());
    require(doc.input.cols() == doc.target.cols() && doc.input.cols() >= 1);

    bp::Network net(doc);
    if (net.parameter_count() * net.m() > 200'000) return 0;  // keep each input fast
    net.run();
    // Whatever the numbers, a pass either stays finite or says where it stopped being so.
    if (!net.first_non_finite()) require(std::isfinite(net.J()));
    if (net.parameter_count() <= 64) {
        // The check perturbs each parameter and must put every one back exactly.
        const bp::Matrix W1 = net.W(1);
        const double J = net.J();
        const auto entries = net.gradient_check();
        require(static_cast<long long>(entries.size()) == net.parameter_count());
        require((net.W(1).array() == W1.array()).all() || !W1.allFinite());
        require(net.J() == J || std::isnan(J));
    }
    return 0;
}
