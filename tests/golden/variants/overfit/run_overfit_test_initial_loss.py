# expect: fail it should return the final XOR loss
def run_overfit_test():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    _, history = overfit(X, Y)
    return history[0]
