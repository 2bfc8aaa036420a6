# expect: fail did not memorise the data
# Plain gradient descent with Adam's step size 0.05: far too slow to memorise.
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    history = []
    for _ in range(epochs):
        P, cache = forward(params, X)
        history.append(bce(Y, P))
        for p, g in zip(params, backward(params, cache, Y)):
            p -= lr * g
    return params, history
