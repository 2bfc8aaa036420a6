"""Exercise overfit: Overfit test. spec.py says what it is; checks.py grades it."""
