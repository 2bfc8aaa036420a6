# expect: pass
# Correct: None defaults resolved in the body to stride 1 and padding 0, one helper per axis.
def conv2d_out(H, W, KH, KW, stride=None, padding=None):
    stride = 1 if stride is None else stride
    padding = 0 if padding is None else padding

    def out(size, kernel):
        return (size + 2 * padding - kernel) // stride + 1

    return out(H, KH), out(W, KW)
