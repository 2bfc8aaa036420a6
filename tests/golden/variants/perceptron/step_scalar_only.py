# expect: fail truth value of an array
# A step written for one number: fine inside a loop over examples, wrong for a batch.
def step(z):
    return 1.0 if z >= 0 else 0.0
