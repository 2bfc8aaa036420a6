# expect: fail you divide by the batch size n, but the loss averages over all n * d_out
# Right for one output, wrong for several: the loss is a mean over n * d_out entries.
class MLP(MLP):
    def backward(self, Y):
        _, act_deriv = ACTIVATIONS[self.activation]
        P = self.activations[-1]
        Y = np.asarray(Y, dtype=np.float64).reshape(P.shape)
        dZ = (P - Y) / P.shape[0]
        grads = []
        for layer in reversed(range(len(self.zs))):
            grads[:0] = [self.activations[layer].T @ dZ, np.sum(dZ, axis=0)]
            if layer > 0:
                dZ = (dZ @ self.params[2 * layer].T) * act_deriv(self.zs[layer - 1])
        return grads
