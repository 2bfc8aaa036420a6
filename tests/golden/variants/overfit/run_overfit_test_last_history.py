# expect: fail the last entry of overfit's history: that loss was recorded before the last update
def run_overfit_test() -> float:
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    _params, history = overfit(X, Y)
    if history[-1] >= 0.01:
        raise AssertionError("XOR was not memorised")
    return history[-1]
