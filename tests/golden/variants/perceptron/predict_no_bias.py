# expect: fail b is missing: the prediction is step(X @ w + b)
def predict(X, w, b):
    return step(np.asarray(X) @ np.asarray(w))
