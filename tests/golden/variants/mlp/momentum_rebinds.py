# expect: fail step must update the arrays in place
# The velocity is kept right, but p = p - lr * v rebinds a local name: the model never moves.
class Momentum(Momentum):
    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocity):
            v *= self.beta
            v += g
            p = p - self.lr * v
