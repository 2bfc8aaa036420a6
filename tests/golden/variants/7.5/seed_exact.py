# expect: pass
# The seed's code, verbatim: its sigmoid and bce, and its script's data and training loop
# wrapped into the two functions (the seed has no functions for them).
import numpy as np

def sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.clip(z, -500, 500)
    return 1.0 / (1.0 + np.exp(-z))


def bce(y: np.ndarray, p: np.ndarray, eps: float = 1e-15) -> float:
    p = np.clip(p, eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def make_separable_data(n=16, seed=1):
    np.random.seed(seed)
    X_pos = np.random.randn(n // 2, 2) + np.array([2.0, 2.0])
    X_neg = np.random.randn(n // 2, 2) + np.array([-2.0, -2.0])
    X = np.vstack([X_pos, X_neg])
    y = np.vstack([np.ones((n // 2, 1)), np.zeros((n // 2, 1))])
    return X, y


def train_logistic_regression(X, y, lr=0.2, steps=400):
    n = X.shape[0]
    w = np.zeros((X.shape[1], 1))
    b = 0.0
    losses = []
    for _ in range(steps):
        logits = X @ w + b
        p = sigmoid(logits)
        loss = bce(y, p)
        losses.append(loss)
        dz = (p - y) / n
        dw = X.T @ dz
        db = float(np.sum(dz))
        w -= lr * dw
        b -= lr * db
    return w, b, losses
