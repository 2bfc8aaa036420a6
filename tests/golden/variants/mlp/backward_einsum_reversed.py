# expect: pass
# Correct: explicit index loop from the last layer down, einsum products, derivatives
# written from the cached activations (1 - A^2, A (1 - A), A > 0), list reversed at the end.
class MLP(MLP):
    def backward(self, Y):
        P = self.activations[-1]
        Y = np.asarray(Y, dtype=float).reshape(P.shape)
        n_layers = len(self.params) // 2
        delta = (P - Y) / Y.size
        reversed_grads = []
        for layer in range(n_layers - 1, -1, -1):
            A_prev = self.activations[layer]
            reversed_grads.append(np.einsum("i,ij->j", np.ones(delta.shape[0]), delta))
            reversed_grads.append(np.einsum("ni,nj->ij", A_prev, delta))
            if layer == 0:
                break
            W = self.params[2 * layer]
            if self.activation == "tanh":
                local = 1.0 - A_prev**2
            elif self.activation == "sigmoid":
                local = A_prev * (1.0 - A_prev)
            else:
                local = (A_prev > 0).astype(float)
            delta = np.einsum("nj,ij->ni", delta, W) * local
        return reversed_grads[::-1]
