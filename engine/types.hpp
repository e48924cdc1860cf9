// The engine's one data layout: double precision, and every matrix of per-example values
// (z, a, f'(z), delta, x, y) holds one example per column, so a batch of m examples is m
// columns and each layer of the batch is a single matrix product.
#pragma once

#include <Eigen/Core>

namespace bp {

using Matrix = Eigen::MatrixXd;  // column-major
using Vector = Eigen::VectorXd;

}  // namespace bp
