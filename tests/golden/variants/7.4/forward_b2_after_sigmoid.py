# expect: fail b2 is added after the sigmoid
# The output bias shifts the probability instead of the logit.
def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2
    P = sigmoid(Z2) + b2
    return P, (X, Z1, A1, Z2, P)
