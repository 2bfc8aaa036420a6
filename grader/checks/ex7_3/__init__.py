"""Exercise 7.3: Stable softmax and cross-entropy. spec.py says what it is; checks.py grades it."""
