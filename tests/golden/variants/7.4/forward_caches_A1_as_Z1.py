# expect: fail cache[1] holds A1 (after the ReLU)
# The forward mistake the reference warns about: Z1 not cached, A1 stored in its place.
def forward(X, W1, b1, W2, b2):
    A1 = relu(X @ W1 + b1)
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, A1, A1, Z2, P)
