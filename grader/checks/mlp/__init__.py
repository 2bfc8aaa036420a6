"""Exercise mlp: MLP, optimizers and XOR. spec.py says what it is; checks.py grades it."""
