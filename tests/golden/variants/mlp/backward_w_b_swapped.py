# expect: fail dW and db swapped in each pair
class MLP(MLP):
    def backward(self, Y):
        _, act_deriv = ACTIVATIONS[self.activation]
        P = self.activations[-1]
        Y = np.asarray(Y, dtype=np.float64).reshape(P.shape)
        dZ = (P - Y) / P.size
        grads = []
        for layer in reversed(range(len(self.zs))):
            grads[:0] = [np.sum(dZ, axis=0), self.activations[layer].T @ dZ]
            if layer > 0:
                dZ = (dZ @ self.params[2 * layer].T) * act_deriv(self.zs[layer - 1])
        return grads
