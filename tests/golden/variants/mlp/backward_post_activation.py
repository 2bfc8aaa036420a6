# expect: fail uses the post-activation A instead of the pre-activation Z
# act_deriv(A) instead of act_deriv(Z): right for relu, wrong for tanh and sigmoid.
class MLP(MLP):
    def backward(self, Y):
        _, act_deriv = ACTIVATIONS[self.activation]
        P = self.activations[-1]
        Y = np.asarray(Y, dtype=np.float64).reshape(P.shape)
        dZ = (P - Y) / P.size
        grads = []
        for layer in reversed(range(len(self.zs))):
            grads[:0] = [self.activations[layer].T @ dZ, np.sum(dZ, axis=0)]
            if layer > 0:
                dZ = (dZ @ self.params[2 * layer].T) * act_deriv(self.activations[layer])
        return grads
