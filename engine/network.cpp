#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "gemm.hpp"
#include "init.hpp"

namespace bp {

namespace {

struct NamedBug {
    PlantedBug bug;
    std::string_view name;
};

constexpr NamedBug kBugs[] = {
    {PlantedBug::none, "none"},
    {PlantedBug::forget_fprime, "forget-fprime"},
    {PlantedBug::W_instead_of_WT, "W-instead-of-WT"},
    {PlantedBug::drop_bias_gradient, "drop-bias-gradient"},
    {PlantedBug::wrong_sign_output_delta, "wrong-sign-output-delta"},
    {PlantedBug::forget_batch_mean, "forget-batch-mean"},
};

// The first non-finite entry of `values`, as a 1-based (row, column), if any.
template <typename Derived>
bool find_non_finite(const Eigen::MatrixBase<Derived>& values, int& row, int& col) {
    if (values.allFinite()) return false;
    for (Eigen::Index c = 0; c < values.cols(); ++c)
        for (Eigen::Index r = 0; r < values.rows(); ++r)
            if (!std::isfinite(values(r, c))) {
                row = static_cast<int>(r) + 1;
                col = static_cast<int>(c) + 1;
                return true;
            }
    return false;
}

// Whether every entry of theta - alpha dtheta is finite: the check of a gradient descent step
// before it is taken, without forming the new parameters. A double is NaN or infinite exactly
// when its 11 exponent bits are all ones; adding one at the bottom of the exponent field then
// carries into the sign bit, so OR-ing those sums gathers "some entry is not finite" in the top
// bit. (Integer operations: compilers vectorise this loop, natively and in WebAssembly, where
// they leave a comparison of doubles with an early exit one number at a time.)
template <typename Parameters>
bool finite_after_step(const Parameters& theta, double alpha, const Parameters& dtheta) {
    constexpr std::uint64_t exponent = 0x7FF0000000000000u, exponent_one = 0x0010000000000000u;
    const double* t = theta.data();
    const double* d = dtheta.data();
    std::uint64_t carry = 0;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const double next = t[i] - alpha * d[i];
        std::uint64_t bits;
        std::memcpy(&bits, &next, sizeof bits);
        carry |= (bits & exponent) + exponent_one;
    }
    return (carry >> 63) == 0;
}

}  // namespace

std::vector<std::string_view> planted_bug_names() {
    std::vector<std::string_view> names;
    for (const NamedBug& entry : kBugs) names.push_back(entry.name);
    return names;
}

std::string_view name_of(PlantedBug bug) {
    for (const auto& entry : kBugs)
        if (entry.bug == bug) return entry.name;
    return "?";
}

std::optional<PlantedBug> planted_bug_from_name(std::string_view name) {
    for (const auto& entry : kBugs)
        if (entry.name == name) return entry.bug;
    return std::nullopt;
}

Network::Network(const NetworkDocument& doc) : loss_(doc.loss) {
    const int L = doc.L();
    s_.assign(L + 1, 0);
    f_.assign(L + 1, Activation::linear);
    for (int l = 1; l <= L; ++l) s_[l] = doc.layers[l - 1];
    for (int l = 2; l <= L; ++l) f_[l] = doc.activations[l - 2];

    W_.resize(L);
    dW_.resize(L);
    b_.resize(L);
    db_.resize(L);
    for (int l = 1; l < L; ++l) {
        const auto& given_W = doc.weights[l - 1];
        const auto& given_b = doc.biases[l - 1];
        W_[l] = given_W ? *given_W : initial_weights(doc.seed, l, s_[l + 1], s_[l], f_[l + 1]);
        b_[l] = given_b ? *given_b : Vector::Zero(s_[l + 1]);
        dW_[l] = Matrix::Zero(s_[l + 1], s_[l]);
        db_[l] = Vector::Zero(s_[l + 1]);
    }
    z_.resize(L + 1);
    a_.resize(L + 1);
    fprime_.resize(L + 1);
    delta_.resize(L + 1);
    lambda = doc.weight_decay;
    seed_ = doc.seed;
    set_data(doc.input, doc.target);
}

void Network::set_data(const Matrix& x, const Matrix& y) {
    data_x_ = x;
    data_y_ = y;
    use_examples(x, y);
}

void Network::use_examples(const Matrix& x, const Matrix& y) {
    a_[1] = x;  // a^(1) = x
    y_ = y;
    for (int l = 2; l <= L(); ++l) {  // sized here, so the passes themselves never allocate
        z_[l].resize(s_[l], x.cols());
        a_[l].resize(s_[l], x.cols());
        fprime_[l].resize(s_[l], x.cols());
        delta_[l].resize(s_[l], x.cols());
    }
}

long long Network::parameter_count() const {
    long long count = 0;
    for (int l = 1; l < L(); ++l) count += W_[l].size() + b_[l].size();
    return count;
}

std::string Network::set_planted_bug(PlantedBug bug) {
    if (bug == PlantedBug::W_instead_of_WT) {
        for (int l = 2; l < L(); ++l) {
            if (s_[l] != s_[l + 1]) {
                const std::string ls = std::to_string(l), l1 = std::to_string(l + 1);
                return "W-instead-of-WT cannot run on this network: W^(" + ls + ") is " + std::to_string(s_[l + 1]) +
                       " x " + std::to_string(s_[l]) + " and delta^(" + l1 + ") has " + std::to_string(s_[l + 1]) +
                       " rows, so W^(" + ls + ") delta^(" + l1 + ") is not defined: a shape check catches this bug "
                       "at once. Only when every W^(l) of the recursion is square does it run and give wrong numbers.";
            }
        }
    }
    bug_ = bug;
    return "";
}

void Network::forward() {
    for (int l = 1; l < L(); ++l) {
        // z^(l+1) = W^(l) a^(l) + b^(l)      (b^(l) added to every column: one example each)
        multiply_AB(z_[l + 1], W_[l], a_[l]);
        z_[l + 1].colwise() += b_[l];
        // a^(l+1) = f(z^(l+1))
        activate(f_[l + 1], z_[l + 1], a_[l + 1]);
        // f'(z^(l+1)), stored for the backward pass
        derivative(f_[l + 1], z_[l + 1], a_[l + 1], fprime_[l + 1]);
    }
    J_ = loss_of_output();
}

double Network::loss_of_output() const {
    const int L = this->L();
    const double m = this->m();
    double J = 0.0;
    if (loss_ == Loss::mse) {
        // J = (1/m) sum_e 1/2 ||a^(L) - y||^2
        J = 0.5 * (a_[L] - y_).squaredNorm() / m;
    } else {
        // J = -(1/m) sum_e sum_k y_k log a_k^(L), with log a_k = z_k - max z - log sum_m e^{z_m - max z}
        // (log-softmax: finite however large z is; terms with y_k = 0 are skipped, not 0 * -inf)
        for (Eigen::Index e = 0; e < z_[L].cols(); ++e) {
            const auto z = z_[L].col(e);
            const double shift = z.maxCoeff();
            const double log_sum = std::log((z.array() - shift).exp().sum());
            for (Eigen::Index k = 0; k < z.size(); ++k)
                if (y_(k, e) != 0.0) J -= y_(k, e) * (z(k) - shift - log_sum);
        }
        J /= m;
    }
    // + (lambda/2) sum_l ||W^(l)||^2   (weight decay; biases are not decayed)
    if (lambda != 0.0)
        for (int l = 1; l < L; ++l) J += 0.5 * lambda * W_[l].squaredNorm();
    return J;
}

void Network::backward() {
    const int L = this->L();
    // The batch mean's 1/m, applied once in dW and db (delta stays per example).
    const double mean = bug_ == PlantedBug::forget_batch_mean ? 1.0 : 1.0 / m();

    if (loss_ == Loss::mse) {
        // delta^(L) = (a^(L) - y) o f'(z^(L))
        delta_[L] = ((a_[L] - y_).array() * fprime_[L].array()).matrix();
    } else {
        // delta^(L) = a^(L) - y              (softmax + cross-entropy)
        delta_[L] = a_[L] - y_;
    }
    if (bug_ == PlantedBug::wrong_sign_output_delta) delta_[L] = -delta_[L];

    for (int l = L - 1; l >= 1; --l) {
        // dJ/dW^(l) = (1/m) delta^(l+1) (a^(l))^T + lambda W^(l)     (mean of outer products)
        multiply_ABt(dW_[l], mean, delta_[l + 1], a_[l]);
        if (lambda != 0.0) dW_[l] += lambda * W_[l];
        // dJ/db^(l) = (1/m) sum_e delta^(l+1)                       (dz_i/db_i = 1)
        if (bug_ == PlantedBug::drop_bias_gradient)
            db_[l].setZero();
        else
            db_[l].noalias() = mean * delta_[l + 1].rowwise().sum();
        if (l == 1) break;  // no delta^(1): the input layer has no z
        // delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l))
        //   unit by unit: delta_i^(l) = (sum_j W_ji^(l) delta_j^(l+1)) f'(z_i^(l)),
        //   column i of W^(l) (the weights out of unit i), hence the transpose
        if (bug_ == PlantedBug::W_instead_of_WT)
            multiply_AB(delta_[l], W_[l], delta_[l + 1]);  // square W^(l) only (set_planted_bug)
        else
            multiply_AtB(delta_[l], W_[l], delta_[l + 1]);
        if (bug_ != PlantedBug::forget_fprime) delta_[l].array() *= fprime_[l].array();
    }
}

Matrix Network::predict(const Matrix& x) const {
    Matrix a = x, z;
    for (int l = 1; l < L(); ++l) {
        multiply_AB(z, W_[l], a);  // z^(l+1) = W^(l) a^(l) + b^(l)
        z.colwise() += b_[l];
        activate(f_[l + 1], z, a);  // a^(l+1) = f(z^(l+1))
    }
    return a;
}

double Network::run() {
    forward();
    backward();
    return J_;
}

double Network::step(double alpha) {
    const double J = run();
    // The step is taken if J and the parameters it leads to are finite (a saturated unit with
    // z = inf is fine as long as what the update uses is); checked before anything changes.
    bool finite = std::isfinite(J);
    for (int l = 1; finite && l < L(); ++l)
        finite = finite_after_step(W_[l], alpha, dW_[l]) && finite_after_step(b_[l], alpha, db_[l]);
    diverged_ = !finite;
    if (diverged_) return J;
    for (int l = 1; l < L(); ++l) {
        // W^(l) := W^(l) - alpha dJ/dW^(l);  b^(l) := b^(l) - alpha dJ/db^(l)
        W_[l].noalias() -= alpha * dW_[l];
        b_[l].noalias() -= alpha * db_[l];
    }
    return J;
}

double Network::train(long long steps, double alpha) {
    steps_taken_ = 0;
    if (steps <= 0) {
        forward();
        return J_;
    }
    double J = 0.0;
    for (long long t = 0; t < steps; ++t) {
        const double J_before = step(alpha);
        if (diverged_) return steps_taken_ > 0 ? J : J_before;
        J = J_before;
        ++steps_taken_;
    }
    return J;
}

std::vector<double> Network::train_epochs(long long epochs, double alpha, int batch_size) {
    const int m_all = static_cast<int>(data_x_.cols());
    const bool full_batch = batch_size <= 0 || batch_size >= m_all;
    std::vector<double> curve;
    curve.reserve(static_cast<std::size_t>(std::max(0LL, epochs)));
    diverged_ = false;
    steps_taken_ = 0;
    if (m() != m_all) use_examples(data_x_, data_y_);
    if (full_batch) {
        for (long long t = 0; t < epochs; ++t) {
            const double J = step(alpha);  // J over all the data, before this epoch's update
            if (diverged_) break;
            curve.push_back(J);
            ++steps_taken_;
        }
        forward();
        return curve;
    }
    std::vector<int> order(static_cast<std::size_t>(m_all));
    Matrix x_batch, y_batch;
    for (long long t = 0; t < epochs && !diverged_; ++t) {
        forward();  // J over all the data at the start of the epoch
        curve.push_back(J_);
        // Fisher-Yates shuffle from the stream of (seed, epoch): the same order natively and in WASM.
        SplitMix64 rng((static_cast<std::uint64_t>(seed_) << 32) ^ static_cast<std::uint64_t>(++epochs_done_));
        for (int k = 0; k < m_all; ++k) order[static_cast<std::size_t>(k)] = k;
        for (int k = m_all - 1; k > 0; --k)
            std::swap(order[static_cast<std::size_t>(k)], order[static_cast<std::size_t>(rng.next() % static_cast<std::uint64_t>(k + 1))]);
        for (int start = 0; start < m_all; start += batch_size) {
            const int count = std::min(batch_size, m_all - start);
            const std::vector<int> picked(order.begin() + start, order.begin() + start + count);
            x_batch = data_x_(Eigen::all, picked);
            y_batch = data_y_(Eigen::all, picked);
            use_examples(x_batch, y_batch);
            step(alpha);
            if (diverged_) {
                curve.pop_back();  // this epoch was not completed
                break;
            }
            ++steps_taken_;
        }
        use_examples(data_x_, data_y_);
    }
    forward();
    return curve;
}

std::vector<GradientCheckEntry> Network::gradient_check(double epsilon) {
    run();  // the analytic gradients (with the planted bug, if any)
    std::vector<GradientCheckEntry> entries;
    entries.reserve(static_cast<std::size_t>(parameter_count()));

    // dJ/dtheta ~ (J(theta + eps) - J(theta - eps)) / 2 eps, one parameter at a time
    auto central_difference = [&](double& theta) {
        const double saved = theta;
        theta = saved + epsilon;
        forward();
        const double J_plus = J_;
        theta = saved - epsilon;
        forward();
        const double J_minus = J_;
        theta = saved;
        return (J_plus - J_minus) / (2.0 * epsilon);
    };
    auto add = [&](char quantity, int l, int i, int j, double analytic, double numeric) {
        const double scale = std::max({std::abs(analytic), std::abs(numeric), gradient_check_tiny});
        entries.push_back({quantity, l, i + 1, j + 1, analytic, numeric, std::abs(analytic - numeric) / scale});
    };
    for (int l = 1; l < L(); ++l) {
        const Matrix dW = dW_[l];
        const Vector db = db_[l];
        for (int i = 0; i < W_[l].rows(); ++i)
            for (int j = 0; j < W_[l].cols(); ++j) add('W', l, i, j, dW(i, j), central_difference(W_[l](i, j)));
        for (int i = 0; i < b_[l].size(); ++i) add('b', l, i, -1, db(i), central_difference(b_[l](i)));
    }
    run();  // leave every intermediate as it was before the check
    return entries;
}

std::optional<NonFinite> Network::first_non_finite() const {
    NonFinite where;
    auto found = [&](const char* quantity, int layer, const auto& values) {
        if (!find_non_finite(values, where.row, where.col)) return false;
        where.quantity = quantity;
        where.layer = layer;
        return true;
    };
    const int L = this->L();
    for (int l = 2; l <= L; ++l)  // forward, in the order it computes
        if (found("z", l, z_[l]) || found("a", l, a_[l]) || found("fprime", l, fprime_[l])) return where;
    if (!std::isfinite(J_)) return NonFinite{"J", 0, 0, 0};
    if (found("delta", L, delta_[L])) return where;
    for (int l = L - 1; l >= 1; --l) {  // backward, in the order it computes
        if (found("dW", l, dW_[l])) return where;
        if (found("db", l, db_[l])) {
            where.col = 0;  // a vector: no column to name
            return where;
        }
        if (l > 1 && found("delta", l, delta_[l])) return where;
    }
    return std::nullopt;
}

}  // namespace bp
