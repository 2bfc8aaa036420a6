# expect: fail the hidden bias b1 is missing
def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
