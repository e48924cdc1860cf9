// Embind glue: the raw, handle-based interface that bindings/api.js wraps. The only C++ that
// knows about WebAssembly.
//
// Conventions (why they are what they are):
// - Nothing throws across the boundary. A thrown C++ or JS exception leaks WASM stack in
//   Emscripten 3.1.6 and kills the instance after ~160k throws; errors come back as values
//   (create() returns 0, then lastError() says why) and api.js turns them into Errors.
// - Bulk data crosses as one buffer the session owns: the call returns its address in WASM
//   memory and api.js copies the values out of HEAPF64 at once, before any other call (a view
//   dies when memory grows), and never keeps it. No per-call allocation on either side.
// - Networks are addressed by integer handles, freed by destroy(); api.js owns the handle.
//
// Layout of the pass buffer whose address run() returns (doubles; m examples; l from 1):
//   [0]   J
//   [1]   1 if some value is NaN or infinite (then nonFinite() says where), else 0
//   then for l = 1 ... L:  a^(l) (s_l x m, example after example)
//                          and for l >= 2: z^(l), f'(z^(l)), delta^(l), each s_l x m
//   then for l = 1 ... L-1: dJ/dW^(l) row by row (s_{l+1} x s_l), dJ/db^(l) (s_{l+1})
// parameters(): for l = 1 ... L-1: W^(l) row by row, b^(l); then x, y example after example.
// predict(): a^(L) of each example given through inputBuffer(), example after example.
// gradientCheck(): per parameter, in the order of parameters(): analytic, numeric, relative error.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>
#include <emscripten/val.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "document.hpp"
#include "network.hpp"

using emscripten::val;

namespace {

struct Session {
    explicit Session(const bp::NetworkDocument& doc) : net(doc), batch(doc.batch), learning_rate(doc.learning_rate), seed(doc.seed) {}
    bp::Network net;
    bool batch;
    double learning_rate;
    std::uint32_t seed;
    std::vector<double> out;  // the last pass / check, copied out by api.js at once
    std::vector<double> in;   // inputs api.js writes for predict()
    double steps_taken = 0;   // by the last step() or train()
};

std::vector<std::unique_ptr<Session>> sessions;  // handle h is sessions[h - 1]
std::string last_field, last_error;

Session* session(int handle) {
    if (handle < 1 || handle > static_cast<int>(sessions.size())) return nullptr;
    return sessions[static_cast<std::size_t>(handle - 1)].get();
}

// The buffer's address, for api.js to read from HEAPF64 (index = address / 8).
std::uintptr_t address_of(const std::vector<double>& buffer) {
    return reinterpret_cast<std::uintptr_t>(buffer.data());
}

void append(std::vector<double>& out, const bp::Matrix& values) {  // column after column
    out.insert(out.end(), values.data(), values.data() + values.size());
}

void append_rows(std::vector<double>& out, const bp::Matrix& values) {  // row after row
    for (Eigen::Index i = 0; i < values.rows(); ++i)
        for (Eigen::Index j = 0; j < values.cols(); ++j) out.push_back(values(i, j));
}

// ---- the exported functions --------------------------------------------------------------------

int create(const std::string& json_text) {
    auto parsed = bp::parse_document(json_text);
    if (!parsed.document) {
        last_field = parsed.field;
        last_error = parsed.error;
        return 0;
    }
    auto fresh = std::make_unique<Session>(*parsed.document);
    for (std::size_t k = 0; k < sessions.size(); ++k) {  // reuse a freed handle
        if (!sessions[k]) {
            sessions[k] = std::move(fresh);
            return static_cast<int>(k) + 1;
        }
    }
    sessions.push_back(std::move(fresh));
    return static_cast<int>(sessions.size());
}

bool validate(const std::string& json_text) {
    auto parsed = bp::parse_document(json_text);
    last_field = parsed.field;
    last_error = parsed.error;
    return parsed.document.has_value();
}

val last_error_info() {
    val info = val::object();
    info.set("field", last_field);
    info.set("message", last_error);
    return info;
}

void destroy(int handle) {
    if (session(handle)) sessions[static_cast<std::size_t>(handle - 1)].reset();
}

// Sizes and settings, once per network: {layers, activations, loss, batch, learningRate, weightDecay, seed}.
val describe(int handle) {
    Session* s = session(handle);
    if (!s) return val::null();
    const bp::Network& net = s->net;
    val layers = val::array(), activations = val::array();
    for (int l = 1; l <= net.L(); ++l) layers.call<void>("push", net.s(l));
    for (int l = 2; l <= net.L(); ++l) activations.call<void>("push", std::string(bp::name_of(net.f(l))));
    val info = val::object();
    info.set("layers", layers);
    info.set("activations", activations);
    info.set("loss", std::string(bp::name_of(net.loss_kind())));
    info.set("batch", s->batch);
    info.set("batchSize", net.m());
    info.set("learningRate", s->learning_rate);
    info.set("weightDecay", net.lambda);
    info.set("seed", s->seed);
    return info;
}

std::uintptr_t run(int handle) {
    Session* s = session(handle);
    if (!s) return 0;
    bp::Network& net = s->net;
    net.run();
    std::vector<double>& out = s->out;
    out.clear();
    out.push_back(net.J());
    out.push_back(net.first_non_finite() ? 1.0 : 0.0);
    for (int l = 1; l <= net.L(); ++l) {
        append(out, net.a(l));
        if (l == 1) continue;
        append(out, net.z(l));
        append(out, net.fprime(l));
        append(out, net.delta(l));
    }
    for (int l = 1; l < net.L(); ++l) {
        append_rows(out, net.dW(l));
        append(out, net.db(l));
    }
    return address_of(out);
}

val non_finite(int handle) {
    Session* s = session(handle);
    if (!s) return val::null();
    const auto where = s->net.first_non_finite();
    if (!where) return val::null();
    val info = val::object();
    info.set("quantity", where->quantity);
    info.set("layer", where->layer);
    info.set("row", where->row);
    info.set("col", where->col);
    return info;
}

// step() and train() return J; stepsTaken() then says how many steps were taken (a step
// that would leave a NaN or infinity is not: see Network::step). step() returns NaN for a step
// not taken (a step taken always had a finite J), so that api.js needs one call per step.
double step(int handle, double alpha) {
    Session* s = session(handle);
    if (!s) return 0.0;
    const double J = s->net.step(alpha);
    s->steps_taken = s->net.diverged() ? 0 : 1;
    return s->net.diverged() ? std::numeric_limits<double>::quiet_NaN() : J;
}

double train(int handle, double steps, double alpha) {
    Session* s = session(handle);
    if (!s) return 0.0;
    const double J = s->net.train(static_cast<long long>(steps), alpha);
    s->steps_taken = static_cast<double>(s->net.steps_taken());
    return J;
}

// The loss curve of train_epochs: [count, J at the start of epoch 1, ..., of epoch count].
std::uintptr_t train_epochs(int handle, double epochs, double alpha, int batch_size) {
    Session* s = session(handle);
    if (!s) return 0;
    const std::vector<double> curve = s->net.train_epochs(static_cast<long long>(epochs), alpha, batch_size);
    s->steps_taken = static_cast<double>(s->net.steps_taken());
    s->out.assign(1, static_cast<double>(curve.size()));
    s->out.insert(s->out.end(), curve.begin(), curve.end());
    return address_of(s->out);
}

double steps_taken(int handle) {
    Session* s = session(handle);
    return s ? s->steps_taken : 0.0;
}

std::uintptr_t parameters(int handle) {
    Session* s = session(handle);
    if (!s) return 0;
    const bp::Network& net = s->net;
    std::vector<double>& out = s->out;
    out.clear();
    for (int l = 1; l < net.L(); ++l) {
        append_rows(out, net.W(l));
        append(out, net.b(l));
    }
    append(out, net.x());
    append(out, net.y());
    return address_of(out);
}

std::uintptr_t gradient_check(int handle, double epsilon) {
    Session* s = session(handle);
    if (!s) return 0;
    std::vector<double>& out = s->out;
    out.clear();
    for (const auto& entry : s->net.gradient_check(epsilon)) {
        out.push_back(entry.analytic);
        out.push_back(entry.numeric);
        out.push_back(entry.relative_error);
    }
    return address_of(out);
}

// Room for `count` input values; api.js writes them at the returned address, then calls predict.
std::uintptr_t input_buffer(int handle, int count) {
    Session* s = session(handle);
    if (!s || count < 0) return 0;
    s->in.resize(static_cast<std::size_t>(count));
    return address_of(s->in);
}

// a^(L) for the m examples in the input buffer (example after example), example after example.
std::uintptr_t predict(int handle, int m) {
    Session* s = session(handle);
    if (!s) return 0;
    const Eigen::Map<const bp::Matrix> x(s->in.data(), s->net.s(1), m);
    const bp::Matrix a = s->net.predict(x);
    s->out.assign(a.data(), a.data() + a.size());
    return address_of(s->out);
}

// "" on success, else why the bug cannot be planted on this network.
std::string set_planted_bug(int handle, const std::string& name) {
    Session* s = session(handle);
    if (!s) return "no such network";
    const auto bug = bp::planted_bug_from_name(name);
    if (!bug) return "unknown planted bug \"" + name + "\"";
    return s->net.set_planted_bug(*bug);
}

// The names the engine knows, from its own tables: the API's engine.activations,
// engine.losses and engine.plantedBugs (the page lists nothing of its own).
val names() {
    const auto list = [](const std::vector<std::string_view>& items) {
        val out = val::array();
        for (std::size_t k = 0; k < items.size(); ++k) out.set(k, std::string(items[k]));
        return out;
    };
    val info = val::object();
    info.set("activations", list(bp::activation_names()));
    info.set("losses", list(bp::loss_names()));
    info.set("plantedBugs", list(bp::planted_bug_names()));
    return info;
}

val limits() {
    val info = val::object();
    info.set("maxLayers", bp::DocumentLimits::max_layers);
    info.set("maxUnits", bp::DocumentLimits::max_units);
    info.set("maxParameters", static_cast<double>(bp::DocumentLimits::max_parameters));
    info.set("maxBatchValues", static_cast<double>(bp::DocumentLimits::max_batch_values));
    return info;
}

}  // namespace

// The calls a training loop or an edit makes many times a second are plain WebAssembly
// exports, not Embind functions: with -sDYNAMIC_EXECUTION=0 (no new Function, for the pages'
// Content-Security-Policy) each Embind call goes through a generic invoker costing ~250 ns,
// more than a whole 2-2-2 training step; a direct export costs a few ns. Numbers only.
extern "C" {
EMSCRIPTEN_KEEPALIVE std::uintptr_t bp_run(int handle) { return run(handle); }
EMSCRIPTEN_KEEPALIVE double bp_step(int handle, double alpha) { return step(handle, alpha); }
EMSCRIPTEN_KEEPALIVE double bp_train(int handle, double steps, double alpha) { return train(handle, steps, alpha); }
EMSCRIPTEN_KEEPALIVE double bp_steps_taken(int handle) { return steps_taken(handle); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t bp_train_epochs(int handle, double epochs, double alpha, int batch_size) {
    return train_epochs(handle, epochs, alpha, batch_size);
}
EMSCRIPTEN_KEEPALIVE std::uintptr_t bp_input_buffer(int handle, int count) { return input_buffer(handle, count); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t bp_predict(int handle, int m) { return predict(handle, m); }
}

EMSCRIPTEN_BINDINGS(backprop_engine) {
    emscripten::function("create", &create);
    emscripten::function("validate", &validate);
    emscripten::function("lastError", &last_error_info);
    emscripten::function("destroy", &destroy);
    emscripten::function("describe", &describe);
    emscripten::function("nonFinite", &non_finite);
    emscripten::function("parameters", &parameters);
    emscripten::function("gradientCheck", &gradient_check);
    emscripten::function("setPlantedBug", &set_planted_bug);
    emscripten::function("limits", &limits);
    emscripten::function("names", &names);
}
