# expect: fail b1 is added after the ReLU
# The hidden bias is added to the activation instead of the pre-activation.
def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1
    A1 = relu(Z1) + b1
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
