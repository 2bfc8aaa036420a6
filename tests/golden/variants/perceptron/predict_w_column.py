# expect: fail keep w 1-D
# w made a column "to be safe": X @ w is then (n, 1), and so is the prediction.
def predict(X, w, b):
    w = np.asarray(w, dtype=float).reshape(-1, 1)
    return step(np.asarray(X, dtype=float) @ w + b)
