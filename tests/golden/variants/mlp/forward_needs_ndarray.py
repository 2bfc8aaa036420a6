# expect: fail X may be any array-like
# Assumes X is already a NumPy array: X.astype fails for a list of lists such as the XOR table.
class MLP(MLP):
    def forward(self, X):
        act, _ = ACTIVATIONS[self.activation]
        A = X.astype(np.float64)
        self.zs, self.activations = [], [A]
        n_layers = len(self.params) // 2
        for layer in range(n_layers):
            Z = A @ self.params[2 * layer] + self.params[2 * layer + 1]
            A = sigmoid(Z) if layer == n_layers - 1 else act(Z)
            self.zs.append(Z)
            self.activations.append(A)
        return A
