"""Exercise 7.4: Two-layer backprop. spec.py says what it is; checks.py grades it."""
