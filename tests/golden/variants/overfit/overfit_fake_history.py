# expect: fail return the parameters you trained
# Reports a falling loss but returns the untrained initial parameters.
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    start = loss(params, X, Y)
    return params, [start * 0.998**k for k in range(epochs)]
