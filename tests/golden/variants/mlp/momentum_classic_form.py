# expect: pass
# Correct: the classic form u = beta*u - lr*g; p += u. With a constant lr, u = -lr * v
# where v is PyTorch's velocity, so the parameters follow the same path.
class Momentum(Momentum):
    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = [np.zeros(p.shape) for p in params]
        for i, (p, g) in enumerate(zip(params, grads)):
            self.velocity[i] = self.beta * self.velocity[i] - self.lr * g
            p += self.velocity[i]
