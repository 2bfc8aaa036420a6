# expect: fail is one state array shared by all parameters
class Momentum(Momentum):
    def step(self, params, grads):
        if self.velocity is None:
            self.velocity = 0.0
        for p, g in zip(params, grads):
            self.velocity = self.beta * self.velocity + g
            p -= self.lr * self.velocity
