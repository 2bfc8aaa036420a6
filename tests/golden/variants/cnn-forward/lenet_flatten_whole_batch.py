# expect: fail flattens the whole batch into one vector
# Written for one image: a.ravel() flattens the batch axis too, so fc1 gets n * 400
# numbers in one row.
def lenet_forward(X, params):
    a = relu(conv2d_forward(X, params["conv1.weight"], params["conv1.bias"], padding=2))
    a = max_pool2d_forward(a, 2)
    a = relu(conv2d_forward(a, params["conv2.weight"], params["conv2.bias"]))
    a = max_pool2d_forward(a, 2).ravel()
    a = relu(a @ params["fc1.weight"].T + params["fc1.bias"])
    a = relu(a @ params["fc2.weight"].T + params["fc2.bias"])
    return a @ params["fc3.weight"].T + params["fc3.bias"]
