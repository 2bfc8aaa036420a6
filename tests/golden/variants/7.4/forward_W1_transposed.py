# expect: fail forward multiplies by W1.T; W1 has shape (d_in, d_h)
# Reads W1 as (d_h, d_in), the way a layer's weights are often printed.
def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
