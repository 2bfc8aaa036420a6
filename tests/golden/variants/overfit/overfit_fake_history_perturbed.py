# expect: fail return the parameters you trained
# Same cheat, with the returned parameters nudged so they are not exactly the initial ones.
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = [p + 1e-3 for p in init_params(X.shape[1], hidden, Y.shape[1], seed)]
    start = loss(params, X, Y)
    return params, [start * 0.998**k for k in range(epochs)]
