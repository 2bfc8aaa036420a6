"""Exercise cnn-train: PyTorch CNN training. spec.py says what it is; checks.py grades it."""
