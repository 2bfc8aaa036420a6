# expect: fail step must update the arrays in place (p -= ...); rebinding a local name leaves the model unchanged
class SGD(SGD):
    def step(self, params, grads):
        for p, g in zip(params, grads):
            p = p - self.lr * g
