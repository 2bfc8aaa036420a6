# expect: fail the output layer uses the hidden activation
class MLP(MLP):
    def forward(self, X):
        act, _ = ACTIVATIONS[self.activation]
        A = np.asarray(X, dtype=np.float64)
        self.zs, self.activations = [], [A]
        for layer in range(len(self.params) // 2):
            Z = A @ self.params[2 * layer] + self.params[2 * layer + 1]
            A = act(Z)
            self.zs.append(Z)
            self.activations.append(A)
        return A
