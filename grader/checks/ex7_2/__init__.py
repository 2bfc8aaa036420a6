"""Exercise 7.2: Dense layer forward. spec.py says what it is; checks.py grades it."""
