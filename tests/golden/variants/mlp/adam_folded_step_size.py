# expect: pass
# Correct: Kingma & Ba's efficient form, the bias corrections folded into the step size
# (eps sits in a slightly different place; the difference is far below the tolerance).
import math


class Adam(Adam):
    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        lr_t = self.lr * math.sqrt(1.0 - self.beta2**self.t) / (1.0 - self.beta1**self.t)
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = self.beta1 * self.m[i] + (1.0 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1.0 - self.beta2) * np.square(g)
            p -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + self.eps)
