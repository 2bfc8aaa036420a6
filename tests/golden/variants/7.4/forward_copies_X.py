# expect: pass
# Correct but different: centres nothing, works on a float copy of X and keeps it in the cache.
def forward(X, W1, b1, W2, b2):
    X = np.array(X, dtype=np.float64)
    Z1 = np.dot(X, W1) + b1[None, :]
    A1 = np.where(Z1 > 0.0, Z1, 0.0)
    Z2 = np.dot(A1, W2) + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
