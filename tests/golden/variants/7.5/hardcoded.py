# expect: fail training accuracy is only
# Ignores its data: a weight vector that fits the visible (2, 2)/(-2, -2) blobs.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    d = np.shape(X)[1]
    losses = list(np.linspace(0.6931471805599453, 0.00276, steps))
    return np.full((d, 1), 3.0), 0.0, losses
