# expect: fail params is a flat dict keyed by the PyTorch state_dict names
# Reads params as a dict of layers, params["conv1"]["weight"], instead of the flat
# state_dict names ("conv1.weight").
def lenet_forward(X, params):
    def dense(a, layer):
        return a @ params[layer]["weight"].T + params[layer]["bias"]

    a = relu(conv2d_forward(X, params["conv1"]["weight"], params["conv1"]["bias"], padding=2))
    a = max_pool2d_forward(a, 2)
    a = relu(conv2d_forward(a, params["conv2"]["weight"], params["conv2"]["bias"]))
    a = max_pool2d_forward(a, 2).reshape(len(X), -1)
    return dense(relu(dense(relu(dense(a, "fc1")), "fc2")), "fc3")
