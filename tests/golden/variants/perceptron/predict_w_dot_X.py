# expect: fail X holds one example per row
# The column-per-example convention: w @ X reads X as (d, n), so it only works when n = d.
def predict(X, w, b):
    return step(np.asarray(w, dtype=float) @ np.asarray(X, dtype=float) + b)
