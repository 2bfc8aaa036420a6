"""Exercise 7.5: Logistic regression overfit. spec.py says what it is; checks.py grades it."""
