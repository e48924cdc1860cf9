// The native reference of `npm run bench`: the engine compiled by g++ -O3 -march=native, timed
// by Google Benchmark. bench/run.mjs builds and runs it; it is not meant to be run by hand,
// but can be:
//
//   native_bench --workload=S:build/bench/workloads/S.json   one training step of a network
//                                                             document, as "step/S"
//                --sweep=8x1,16x4,...                         width x batch, as "sweep/8x1", ...
//                [any --benchmark_* flag]
//
// One iteration is one training step, Network::step(alpha): forward, backward (every dJ/dW,
// dJ/db) and the gradient descent update, exactly what the WebAssembly build runs in
// net.train(). Each benchmark reports the counter J0, the cost J of the network before its
// first step, which bench/run.mjs compares with the WebAssembly engine's to check that both
// time the same computation.
//
// The sweep networks are generated here and in bench/workloads.js from the same recipe:
// layers [w, w, w], sigmoid, mse, weights from the engine's seeded initialisation (seed 1),
// x and y drawn from mulberry32(seed 7) and rounded down to 3 decimals, examples in order, all
// of x before y.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "document.hpp"
#include "network.hpp"

namespace {

// mulberry32: the same 32-bit generator as bench/workloads.js (JavaScript's Math.imul is a
// 32-bit multiply mod 2^32, as uint32_t's).
class Mulberry32 {
public:
    explicit Mulberry32(std::uint32_t seed) : a_(seed) {}
    double next() {
        a_ += 0x6D2B79F5u;
        std::uint32_t t = (a_ ^ (a_ >> 15)) * (1u | a_);
        t = (t + ((t ^ (t >> 7)) * (61u | t))) ^ t;
        return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
    }

private:
    std::uint32_t a_;
};

constexpr std::uint32_t kSweepDataSeed = 7;

double quantise(double u) { return std::floor(u * 1000.0) / 1000.0; }

bp::NetworkDocument sweep_document(int width, int batch) {
    bp::NetworkDocument doc;
    doc.layers = {width, width, width};
    doc.activations = {bp::Activation::sigmoid, bp::Activation::sigmoid};
    doc.loss = bp::Loss::mse;
    doc.weights.assign(2, std::nullopt);  // seeded initialisation, as in the WebAssembly run
    doc.biases.assign(2, std::nullopt);
    doc.input.resize(width, batch);
    doc.target.resize(width, batch);
    doc.batch = batch > 1;
    doc.learning_rate = 0.1;
    doc.seed = 1;
    Mulberry32 rng(kSweepDataSeed);
    for (int e = 0; e < batch; ++e)
        for (int j = 0; j < width; ++j) doc.input(j, e) = quantise(rng.next());
    for (int e = 0; e < batch; ++e)
        for (int k = 0; k < width; ++k) doc.target(k, e) = quantise(rng.next());
    return doc;
}

bool read_document(const std::string& path, bp::NetworkDocument& doc) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "native_bench: cannot read %s\n", path.c_str());
        return false;
    }
    std::stringstream text;
    text << file.rdbuf();
    auto parsed = bp::parse_document(text.str());
    if (!parsed.document) {
        std::fprintf(stderr, "native_bench: %s: %s\n", path.c_str(), parsed.error.c_str());
        return false;
    }
    doc = std::move(*parsed.document);
    return true;
}

void register_step(const std::string& name, const bp::NetworkDocument& doc) {
    benchmark::RegisterBenchmark(name.c_str(), [doc](benchmark::State& state) {
        bp::Network net(doc);  // a fresh network for every run, as in JavaScript
        net.run();
        state.counters["J0"] = net.J();
        const double alpha = doc.learning_rate;
        for (auto _ : state) benchmark::DoNotOptimize(net.step(alpha));
        if (!std::isfinite(net.J())) state.SkipWithError("J is not finite after the steps");
    })->UseRealTime();
}

// "8x1,16x4" -> {{8, 1}, {16, 4}}
bool parse_sweep(const std::string& list, std::vector<std::pair<int, int>>& out) {
    std::stringstream items(list);
    std::string item;
    while (std::getline(items, item, ',')) {
        int w = 0, m = 0;
        if (std::sscanf(item.c_str(), "%dx%d", &w, &m) != 2 || w < 1 || m < 1) return false;
        out.emplace_back(w, m);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    // Our own flags first; Google Benchmark sees the rest.
    std::vector<char*> rest{argv[0]};
    for (int k = 1; k < argc; ++k) {
        const std::string arg = argv[k];
        if (arg.rfind("--workload=", 0) == 0) {
            const std::string spec = arg.substr(11);
            const auto colon = spec.find(':');
            if (colon == std::string::npos) {
                std::fprintf(stderr, "native_bench: --workload=NAME:PATH, got %s\n", arg.c_str());
                return 2;
            }
            bp::NetworkDocument doc;
            if (!read_document(spec.substr(colon + 1), doc)) return 2;
            register_step("step/" + spec.substr(0, colon), doc);
        } else if (arg.rfind("--sweep=", 0) == 0) {
            std::vector<std::pair<int, int>> points;
            if (!parse_sweep(arg.substr(8), points)) {
                std::fprintf(stderr, "native_bench: --sweep=WxM,WxM,..., got %s\n", arg.c_str());
                return 2;
            }
            for (const auto& [w, m] : points)
                register_step("sweep/" + std::to_string(w) + "x" + std::to_string(m), sweep_document(w, m));
        } else {
            rest.push_back(argv[k]);
        }
    }
    int rest_count = static_cast<int>(rest.size());
    benchmark::Initialize(&rest_count, rest.data());
    if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
