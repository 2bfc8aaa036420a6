# expect: fail the momentum state is not kept between steps
class Momentum(Momentum):
    def step(self, params, grads):
        velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, velocity):
            v[...] = self.beta * v + g
            p -= self.lr * v
