# expect: fail the gradients have the wrong sign
# Target minus prediction, as in the perceptron rule: every gradient points uphill.
class MLP(MLP):
    def backward(self, Y):
        _, act_deriv = ACTIVATIONS[self.activation]
        P = self.activations[-1]
        Y = np.asarray(Y, dtype=np.float64).reshape(P.shape)
        dZ = (Y - P) / Y.size
        grads = []
        for layer in reversed(range(len(self.zs))):
            grads[:0] = [self.activations[layer].T @ dZ, np.sum(dZ, axis=0)]
            if layer > 0:
                dZ = (dZ @ self.params[2 * layer].T) * act_deriv(self.zs[layer - 1])
        return grads
