"""A fork bomb, bounded so that a broken limit can never hurt the machine.

Every process keeps forking for 2 s, but makes at most 10 children and goes two levels
deep (111 processes at most); each one exits after 6 s at the latest (SIGALRM), limit
or no limit. The function returns the right answer, after the 2 s.
"""

import os
import signal
import time


def bomb(depth):
    start = time.monotonic()
    made = 0
    while time.monotonic() - start < 2:
        if made == 10:
            time.sleep(0.01)
            continue
        try:
            pid = os.fork()
        except OSError:  # the process limit: keep trying, like a real bomb
            time.sleep(0.005)
            continue
        if pid == 0:
            signal.alarm(6)
            if depth < 2:
                bomb(depth + 1)
            time.sleep(4)
            os._exit(0)
        made += 1


def dense_forward(X, W, b):
    bomb(0)
    return X @ W + b
