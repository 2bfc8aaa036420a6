# expect: pass
# Correct but different: state kept in dicts keyed by position, corrections computed
# once per step, np.divide with eps added outside np.sqrt.
class Adam(Adam):
    def step(self, params, grads):
        if self.m is None:
            self.m = {i: np.zeros_like(p) for i, p in enumerate(params)}
            self.v = {i: np.zeros_like(p) for i, p in enumerate(params)}
        self.t += 1
        c1, c2 = 1.0 - self.beta1**self.t, 1.0 - self.beta2**self.t
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = self.beta1 * self.m[i] + (1.0 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1.0 - self.beta2) * g * g
            p -= self.lr * np.divide(self.m[i] / c1, np.sqrt(self.v[i] / c2) + self.eps)
