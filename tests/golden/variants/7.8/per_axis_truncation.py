# expect: pass
# Correct: one helper per axis; int() truncates, which is floor for the non-negative sizes here.
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    def out(size, kernel):
        return int((size + 2 * padding - kernel) / stride) + 1

    return out(H, KH), out(W, KW)
