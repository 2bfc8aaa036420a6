"""Exercise 7.8: Convolution output shape. spec.py says what it is; checks.py grades it."""
