# expect: fail the hidden layers use tanh whatever the activation
class MLP(MLP):
    def forward(self, X):
        A = np.asarray(X, dtype=np.float64)
        self.zs, self.activations = [], [A]
        n_layers = len(self.params) // 2
        for layer in range(n_layers):
            Z = A @ self.params[2 * layer] + self.params[2 * layer + 1]
            A = sigmoid(Z) if layer == n_layers - 1 else np.tanh(Z)
            self.zs.append(Z)
            self.activations.append(A)
        return A
