# expect: fail A1 * W2.T multiplies element-wise
# Multiplies A1 by W2 element-wise (broadcast) instead of a matrix product.
def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 * W2.T + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
