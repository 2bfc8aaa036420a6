# expect: fail np.exp overflows for large logits
# The seed's "forgetting to clip logits inside sigmoid".
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
