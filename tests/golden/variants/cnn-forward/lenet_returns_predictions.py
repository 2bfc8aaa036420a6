# expect: fail returns the predicted classes
# Ends with an argmax: the predicted digit per image, shape (n,), instead of the logits.
def lenet_forward(X, params):
    a = relu(conv2d_forward(X, params["conv1.weight"], params["conv1.bias"], padding=2))
    a = max_pool2d_forward(a, 2)
    a = relu(conv2d_forward(a, params["conv2.weight"], params["conv2.bias"]))
    a = max_pool2d_forward(a, 2).reshape(len(X), -1)
    a = relu(a @ params["fc1.weight"].T + params["fc1.bias"])
    a = relu(a @ params["fc2.weight"].T + params["fc2.bias"])
    return (a @ params["fc3.weight"].T + params["fc3.bias"]).argmax(axis=1)
