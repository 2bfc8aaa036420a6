"""Starts a daemon the classic way (fork, setsid, fork), plus one that also drops its
environment by exec; both would write a file into the submission four seconds later,
well after grading ends, unless the grader kills them.
"""

import os
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
started = []


def daemon(name, scrub):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            target = HERE / f"hostile-marker-{name}.txt"
            script = f"sleep 4; echo escaped > '{target}'; sleep 30"
            if scrub:
                os.execve("/bin/sh", ["/bin/sh", "-c", script], {})
            os.execv("/bin/sh", ["/bin/sh", "-c", script])
        os._exit(0)


def dense_forward(X, W, b):
    if not started:
        started.append(True)
        daemon("double-fork", scrub=False)
        daemon("scrubbed", scrub=True)
        sys.stdout.flush()
    return np.zeros((X.shape[0], W.shape[1]))
