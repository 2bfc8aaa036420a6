"""Waits for input that never comes (stdin is /dev/null)."""


def dense_forward(X, W, b):
    answer = input("Overwrite the grade? [y/n] ")
    return X @ W + b if answer == "y" else None
