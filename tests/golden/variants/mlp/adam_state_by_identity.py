# expect: pass
# Correct: Adam's moments kept in dicts keyed by the identity of each parameter array.
class Adam(Adam):  # noqa: F811
    def step(self, params, grads):
        if not hasattr(self, "_moments"):
            self._moments, self._t = {}, 0
        self._t += 1
        for p, g in zip(params, grads):
            m, v = self._moments.get(id(p), (np.zeros_like(p), np.zeros_like(p)))
            m = self.beta1 * m + (1 - self.beta1) * g
            v = self.beta2 * v + (1 - self.beta2) * g * g
            self._moments[id(p)] = (m, v)
            m_hat = m / (1 - self.beta1**self._t)
            v_hat = v / (1 - self.beta2**self._t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
