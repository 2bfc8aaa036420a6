# expect: pass
# Trains with its own settings and recomputes the loss from the returned parameters: right.
def run_overfit_test() -> float:
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    params, _history = overfit(X, Y, hidden=12, epochs=2000, lr=0.03, seed=3)
    final = loss(params, X, Y)
    assert final < 0.01, f"XOR loss {final:.3g}"
    return final
