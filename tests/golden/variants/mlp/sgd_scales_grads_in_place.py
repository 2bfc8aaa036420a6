# expect: fail changed the gradients it was given
# Saves a temporary by scaling each gradient in place: the caller's grads become lr * g.
class SGD(SGD):
    def step(self, params, grads):
        for p, g in zip(params, grads):
            g *= self.lr
            p -= g
