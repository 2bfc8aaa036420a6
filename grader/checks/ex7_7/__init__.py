"""Exercise 7.7: Gradient clipping. spec.py says what it is; checks.py grades it."""
