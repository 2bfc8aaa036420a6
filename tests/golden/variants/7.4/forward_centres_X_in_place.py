# expect: fail forward changed its input X in place
# Centres the inputs "to help training" with X -= ..., which rewrites the caller's array.
def forward(X, W1, b1, W2, b2):
    X -= X.mean(axis=0)
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
