# expect: fail missing activation derivative
class MLP(MLP):
    def backward(self, Y):
        P = self.activations[-1]
        Y = np.asarray(Y, dtype=np.float64).reshape(P.shape)
        dZ = (P - Y) / P.size
        grads = []
        for layer in reversed(range(len(self.zs))):
            grads[:0] = [self.activations[layer].T @ dZ, np.sum(dZ, axis=0)]
            if layer > 0:
                dZ = dZ @ self.params[2 * layer].T
        return grads
