# expect: fail it ignores the eps given to Adam
# The usual 1e-8 typed into the update instead of self.eps.
class Adam(Adam):
    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g**2
            p -= self.lr * (m / (1 - self.beta1**self.t)) / (
                np.sqrt(v / (1 - self.beta2**self.t)) + 1e-8
            )
