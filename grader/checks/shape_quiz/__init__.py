"""Exercise shape-quiz: LeNet shape quiz. spec.py says what it is; checks.py grades it."""
