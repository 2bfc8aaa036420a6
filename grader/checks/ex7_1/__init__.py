"""Exercise 7.1: Activations and derivatives. spec.py says what it is; checks.py grades it."""
