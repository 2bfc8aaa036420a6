# expect: pass
# Correct: replaces the list's items instead of writing into the arrays. model.params is
# the list passed in, so the model sees the new arrays.
class SGD(SGD):
    def step(self, params, grads):
        for i, g in enumerate(grads):
            params[i] = params[i] - self.lr * g
