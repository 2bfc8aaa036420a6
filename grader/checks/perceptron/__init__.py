"""Exercise perceptron: Perceptron learning rule. spec.py says what it is; checks.py grades it."""
