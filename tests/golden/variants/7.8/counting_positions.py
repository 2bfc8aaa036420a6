# expect: pass
# Correct by brute force: count the kernel positions that fit in the padded input.
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    def positions(size, kernel):
        return len(range(0, size + 2 * padding - kernel + 1, stride))

    return (positions(H, KH), positions(W, KW))
