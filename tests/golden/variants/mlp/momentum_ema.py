# expect: fail this workbook uses v = beta*v + g (PyTorch's convention)
class Momentum(Momentum):
    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocity):
            v[...] = self.beta * v + (1.0 - self.beta) * g
            p -= self.lr * v
