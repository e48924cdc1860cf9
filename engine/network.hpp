// A fully connected network in the notation of the lecture notes (docs/NOTATION.md).
//
// Layers are numbered from 1 (input) to L (output), and so are the members below: index 0
// is unused, so that W(l) is W^(l) and delta(l) is delta^(l), exactly as on paper.
//
//   a^(1) = x
//   z^(l+1) = W^(l) a^(l) + b^(l)             W^(l): s_{l+1} x s_l, b^(l): s_{l+1}
//   a^(l+1) = f(z^(l+1))
//   J = (1/m) sum_examples loss(a^(L), y) + (lambda/2) sum_l ||W^(l)||^2
//   delta^(L) = (a^(L) - y) o f'(z^(L))       mse
//   delta^(L) = a^(L) - y                     softmax + cross-entropy
//   delta^(l) = (W^(l))^T delta^(l+1) o f'(z^(l))
//   dJ/dW^(l) = (1/m) delta^(l+1) (a^(l))^T + lambda W^(l)
//   dJ/db^(l) = (1/m) delta^(l+1) summed over examples
//
// Per-example quantities (z, a, f'(z), delta) hold one example per column. delta is the
// per-example error term dJ_e/dz of the notes (not divided by m); the 1/m of the batch mean
// is applied once, in dW and db.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "activation.hpp"
#include "document.hpp"
#include "types.hpp"

namespace bp {

// Deliberately wrong backward passes, for teaching what a gradient check catches. Only
// backward() looks at this; the forward pass and J are always right.
enum class PlantedBug {
    none,
    forget_fprime,            // delta^(l) = (W^(l))^T delta^(l+1), no o f'(z^(l)), in the
                              // recursion (l < L): dJ/dW^(L-1) stays right, lower layers not
    W_instead_of_WT,          // delta^(l) = W^(l) delta^(l+1) o f'(z^(l))    (square W only)
    drop_bias_gradient,       // dJ/db^(l) = 0
    wrong_sign_output_delta,  // delta^(L) = (y - a^(L)) ...
    forget_batch_mean,        // dW, db summed over the batch instead of averaged
};

std::string_view name_of(PlantedBug bug);  // "none", "forget-fprime", ...
std::optional<PlantedBug> planted_bug_from_name(std::string_view name);
std::vector<std::string_view> planted_bug_names();  // every bug's name, "none" first

// Where a non-finite value first appeared in a pass, in the order the pass computes them.
struct NonFinite {
    std::string quantity;  // "z", "a", "fprime", "J", "delta", "dW", "db"
    int layer = 0;         // 1-based, as in the notes (the l of W^(l) for dW and db)
    int row = 0;           // 1-based unit (i), 0 for J
    int col = 0;           // 1-based example for z/a/fprime/delta, j for dW, 0 otherwise
};

// Per parameter: the backward pass's value, the central difference and their relative
// error |g - g^| / max(|g|, |g^|, tiny).
struct GradientCheckEntry {
    char quantity;  // 'W' or 'b'
    int layer;      // l of W^(l) / b^(l)
    int row;        // i, 1-based
    int col;        // j, 1-based (0 for b)
    double analytic;
    double numeric;
    double relative_error;
};

inline constexpr double gradient_check_epsilon = 1e-4;
inline constexpr double gradient_check_tiny = 1e-10;  // floor of the relative error's divisor

class Network {
public:
    // `doc` must come from parse_document (shapes are trusted here). Missing weights are
    // initialised from doc.seed (see init.hpp), missing biases are zero.
    explicit Network(const NetworkDocument& doc);

    // --- sizes -------------------------------------------------------------------------------
    int L() const { return static_cast<int>(s_.size()) - 1; }
    int s(int l) const { return s_[l]; }
    int m() const { return static_cast<int>(a_[1].cols()); }  // examples in the current pass
    long long parameter_count() const;
    Activation f(int l) const { return f_[l]; }  // l = 2..L
    Loss loss_kind() const { return loss_; }

    // --- the passes ---------------------------------------------------------------------------
    void forward();      // z, a, f'(z) of every layer, and J
    void backward();     // delta of every layer, dW and db (needs forward() first)
    double run();        // forward(); backward(); returns J
    // run(), then W -= alpha dW, b -= alpha db; returns J before the update. A step whose
    // pass or update would leave a NaN or infinity anywhere is not taken: the parameters stay
    // as they were, and diverged() says so until the next successful step.
    double step(double alpha);
    // Up to `steps` steps, stopping at the first that is not taken. Returns J before the last
    // step taken (J at the current parameters when none was); steps_taken() says how many.
    double train(long long steps, double alpha);
    // Mini-batch gradient descent: `epochs` passes through the data, each in an order shuffled
    // from the seed (a new order every epoch), `batch_size` examples a step (0, or m and more:
    // full batch, one step an epoch, no shuffling). Returns J over all the data at the start
    // of each epoch taken (the loss curve); stops at a step that would diverge (diverged()).
    // Afterwards the pass is that of all the data at the final parameters.
    std::vector<double> train_epochs(long long epochs, double alpha, int batch_size);
    bool diverged() const { return diverged_; }
    long long steps_taken() const { return steps_taken_; }
    std::vector<GradientCheckEntry> gradient_check(double epsilon = gradient_check_epsilon);
    std::optional<NonFinite> first_non_finite() const;  // after run()
    // a^(L) for the examples in x (s_1 x k), leaving the network's own data and pass alone:
    // the output over a grid of inputs, for a heatmap.
    Matrix predict(const Matrix& x) const;

    // --- parameters and data (1-based l) ------------------------------------------------------
    Matrix& W(int l) { return W_[l]; }
    Vector& b(int l) { return b_[l]; }
    const Matrix& W(int l) const { return W_[l]; }
    const Vector& b(int l) const { return b_[l]; }
    const Matrix& x() const { return data_x_; }
    const Matrix& y() const { return data_y_; }
    void set_data(const Matrix& x, const Matrix& y);  // shapes must match s_1 x m, s_L x m

    double lambda = 0.0;  // weight decay

    // Switches backward() to a deliberately wrong variant. Returns why it cannot, or "" on
    // success: W_instead_of_WT needs every W^(l) of the recursion (l = 2..L-1) square,
    // because on any other shape W^(l) delta^(l+1) is not even defined.
    std::string set_planted_bug(PlantedBug bug);
    PlantedBug planted_bug() const { return bug_; }

    // --- what the last pass computed (1-based l) ----------------------------------------------
    double J() const { return J_; }
    const Matrix& z(int l) const { return z_[l]; }        // l = 2..L
    const Matrix& a(int l) const { return a_[l]; }        // l = 1..L
    const Matrix& fprime(int l) const { return fprime_[l]; }  // l = 2..L
    const Matrix& delta(int l) const { return delta_[l]; }    // l = 2..L
    const Matrix& dW(int l) const { return dW_[l]; }      // l = 1..L-1
    const Vector& db(int l) const { return db_[l]; }      // l = 1..L-1

private:
    double loss_of_output() const;  // J from a^(L), y and the weights

    std::vector<int> s_;            // s_[l] = s_l
    std::vector<Activation> f_;     // f_[l], l = 2..L
    Loss loss_;
    void use_examples(const Matrix& x, const Matrix& y);  // the examples of the next passes

    Matrix data_x_, data_y_;        // all the data: s_1 x m, s_L x m
    Matrix y_;                      // y of the current pass (a_[1] is its x)
    std::uint32_t seed_ = 1;
    long long epochs_done_ = 0;     // numbers the shuffles, so each epoch has its own order
    std::vector<Matrix> W_, dW_;    // l = 1..L-1
    std::vector<Vector> b_, db_;    // l = 1..L-1
    std::vector<Matrix> z_, a_, fprime_, delta_;  // l = 1..L (z, f', delta unused at l = 1)
    double J_ = 0.0;
    PlantedBug bug_ = PlantedBug::none;
    bool diverged_ = false;
    long long steps_taken_ = 0;
};

}  // namespace bp
