# expect: pass
# Correct but different: plain full-batch gradient descent with a large step (100 lr),
# which also memorises a dozen points within the epochs given.
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    history = []
    for _ in range(epochs):
        P, cache = forward(params, X)
        history.append(bce(Y, P))
        for p, g in zip(params, backward(params, cache, Y)):
            p -= 100.0 * lr * g
    return params, history
