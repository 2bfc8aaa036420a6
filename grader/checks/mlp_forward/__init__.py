"""Exercise mlp-forward: MLP forward pass. spec.py says what it is; checks.py grades it."""
