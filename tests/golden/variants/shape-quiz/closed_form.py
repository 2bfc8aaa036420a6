# expect: pass
# Correct: the sizes worked out by hand. conv1 keeps h, pooling floors to h // 2, conv2 takes 4 off.
def lenet_shapes(n=1, h=28, w=28):
    h2, w2 = h // 2, w // 2
    h4, w4 = (h2 - 4) // 2, (w2 - 4) // 2
    return dict(
        input=(n, 1, h, w),
        conv1=(n, 6, h, w),
        pool1=(n, 6, h2, w2),
        conv2=(n, 16, h2 - 4, w2 - 4),
        pool2=(n, 16, h4, w4),
        flatten=(n, 16 * h4 * w4),
        fc1=(n, 120),
        fc2=(n, 84),
        fc3=(n, 10),
    )
