"""Exercise 7.6: SGD and Adam on a quadratic. spec.py says what it is; checks.py grades it."""
