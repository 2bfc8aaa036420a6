"""Exercise cnn-forward: NumPy CNN forward. spec.py says what it is; checks.py grades it."""
