# expect: fail the ReLU is not applied to Z1
def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = Z1
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
