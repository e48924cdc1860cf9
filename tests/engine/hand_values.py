#!/usr/bin/env python3
"""Hand-worked values used as oracles in network_test.cpp, written with plain Python floats
(math.exp, math.log) and loops, independently of the engine. Run it to reproduce every
literal: python3 tests/engine/hand_values.py

Notation as in docs/NOTATION.md: z^(l+1) = W^(l) a^(l) + b^(l), a = f(z),
delta^(L) = (a - y) o f'(z) (mse) or a - y (softmax + cross-entropy),
delta_i^(l) = (sum_j W_ji^(l) delta_j^(l+1)) f'(z_i^(l)), dW^(l) = delta^(l+1) a^(l)^T.
"""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def show(name, value):
    print(f"{name} = {value!r}")


# ---- the 2-2-2 example: layers [2, 2, 2], sigmoid, mse ----------------------------------------
W1 = [[0.1, 0.2], [0.3, 0.4]]
b1 = [0.1, 0.1]
W2 = [[0.5, 0.6], [0.7, 0.8]]
b2 = [0.2, 0.2]
x = [0.5, 0.25]
y = [0.0, 1.0]


def forward(W1, b1, W2, b2):
    z2 = [W1[i][0] * x[0] + W1[i][1] * x[1] + b1[i] for i in range(2)]
    a2 = [sigmoid(v) for v in z2]
    z3 = [W2[i][0] * a2[0] + W2[i][1] * a2[1] + b2[i] for i in range(2)]
    a3 = [sigmoid(v) for v in z3]
    return z2, a2, z3, a3


print("# 2-2-2")
z2, a2, z3, a3 = forward(W1, b1, W2, b2)
fp2 = [a * (1 - a) for a in a2]
fp3 = [a * (1 - a) for a in a3]
J = 0.5 * sum((a3[k] - y[k]) ** 2 for k in range(2))
d3 = [(a3[k] - y[k]) * fp3[k] for k in range(2)]
d2 = [(W2[0][i] * d3[0] + W2[1][i] * d3[1]) * fp2[i] for i in range(2)]  # column i of W^(2)
dW2 = [[d3[i] * a2[j] for j in range(2)] for i in range(2)]
dW1 = [[d2[i] * x[j] for j in range(2)] for i in range(2)]
for name, value in [("z2", z2), ("a2", a2), ("fp2", fp2), ("z3", z3), ("a3", a3), ("fp3", fp3), ("J", J),
                    ("d3 = db2", d3), ("d2 = db1", d2), ("dW2", dW2), ("dW1", dW1)]:
    show(name, value)

alpha = 0.5
nW1 = [[W1[i][j] - alpha * dW1[i][j] for j in range(2)] for i in range(2)]
nb1 = [b1[i] - alpha * d2[i] for i in range(2)]
nW2 = [[W2[i][j] - alpha * dW2[i][j] for j in range(2)] for i in range(2)]
nb2 = [b2[i] - alpha * d3[i] for i in range(2)]
for name, value in [("W1 after step", nW1), ("b1 after step", nb1), ("W2 after step", nW2),
                    ("b2 after step", nb2)]:
    show(name, value)
a3_new = forward(nW1, nb1, nW2, nb2)[3]
show("J after step", 0.5 * sum((a3_new[k] - y[k]) ** 2 for k in range(2)))

lam = 0.1
squares = sum(w * w for W in (W1, W2) for row in W for w in row)
show("sum of W^2", squares)
show("J with lambda 0.1", J + lam / 2 * squares)
show("dW1 with lambda 0.1", [[dW1[i][j] + lam * W1[i][j] for j in range(2)] for i in range(2)])
show("dW2 with lambda 0.1", [[dW2[i][j] + lam * W2[i][j] for j in range(2)] for i in range(2)])
show("W-instead-of-WT delta_1^(2)", (W2[0][0] * d3[0] + W2[0][1] * d3[1]) * fp2[0])

# ---- layers [2, 2, 3]: sigmoid hidden, softmax output, cross-entropy ---------------------------
print("# softmax + cross-entropy")
W2s = [[0.5, 0.6], [0.7, 0.8], [0.9, 1.0]]
b2s = [0.2, 0.2, 0.2]
ys = [0.0, 0.0, 1.0]
z3s = [W2s[i][0] * a2[0] + W2s[i][1] * a2[1] + b2s[i] for i in range(3)]
e = [math.exp(v) for v in z3s]
a3s = [v / sum(e) for v in e]
Js = -sum(ys[k] * math.log(a3s[k]) for k in range(3))
d3s = [a3s[k] - ys[k] for k in range(3)]
d2s = [sum(W2s[j][i] * d3s[j] for j in range(3)) * fp2[i] for i in range(2)]
for name, value in [("z3", z3s), ("a3", a3s), ("J", Js), ("d3", d3s), ("d2", d2s),
                    ("dW2", [[d3s[i] * a2[j] for j in range(2)] for i in range(3)]),
                    ("dW1", [[d2s[i] * x[j] for j in range(2)] for i in range(2)])]:
    show(name, value)

# ---- SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c) ------------------------------
print("# SplitMix64")
MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


g = splitmix64(1234567)
show("seed 1234567", [next(g) for _ in range(5)])
show("seed 0, first", hex(next(splitmix64(0))))
first = next(splitmix64(1234567))
show("uniform: top 53 bits", first >> 11)
show("uniform", (first >> 11) / 2 ** 53)
