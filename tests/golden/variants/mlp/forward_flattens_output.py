# expect: fail returned shape (4,); expected (4, 1)
# Flattens P "for convenience": one prediction per row, but the (n, dL) shape is lost.
class MLP(MLP):
    def forward(self, X):
        act, _ = ACTIVATIONS[self.activation]
        A = np.asarray(X, dtype=np.float64)
        self.zs, self.activations = [], [A]
        n_layers = len(self.params) // 2
        for layer in range(n_layers):
            Z = A @ self.params[2 * layer] + self.params[2 * layer + 1]
            A = sigmoid(Z) if layer == n_layers - 1 else act(Z)
            self.zs.append(Z)
            self.activations.append(A)
        return A.ravel() if A.shape[1] == 1 else A
