# expect: fail returns probabilities
def lenet_forward(X, params):
    a = relu(conv2d_forward(X, params["conv1.weight"], params["conv1.bias"], padding=2))
    a = max_pool2d_forward(a, 2)
    a = relu(conv2d_forward(a, params["conv2.weight"], params["conv2.bias"]))
    a = max_pool2d_forward(a, 2)
    a = a.reshape(a.shape[0], -1)
    a = relu(a @ params["fc1.weight"].T + params["fc1.bias"])
    a = relu(a @ params["fc2.weight"].T + params["fc2.bias"])
    z = a @ params["fc3.weight"].T + params["fc3.bias"]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
