# expect: fail it steps uphill
class SGD(SGD):
    def step(self, params, grads):
        for p, g in zip(params, grads):
            p += self.lr * g
