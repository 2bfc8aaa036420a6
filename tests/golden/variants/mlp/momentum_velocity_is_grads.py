# expect: fail changed the gradients it was given
# The first velocity is beta * 0 + g = g, so it keeps the caller's gradient arrays themselves:
# every later v *= beta; v += g then writes into those arrays.
class Momentum(Momentum):
    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = list(grads)
        else:
            for v, g in zip(self.velocity, grads):
                v *= self.beta
                v += g
        for p, v in zip(params, self.velocity):
            p -= self.lr * v
