# expect: fail it thresholds z at 0.5
def predict(X, w, b):
    return (np.asarray(X) @ np.asarray(w) + b >= 0.5).astype(float)
