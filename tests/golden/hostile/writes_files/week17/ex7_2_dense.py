"""Writes files everywhere it may: relative paths, HOME, TMPDIR, a folder it locks, and
from a grandchild that keeps writing until it is killed."""

import os
import tempfile
import time
from pathlib import Path

Path("hostile-marker-relative.txt").write_text("x")
Path(os.path.expanduser("~/.hostile-marker-rc")).write_text("x")
tempfile.mkstemp(prefix="hostile-marker-")
tempfile.mkdtemp(prefix="hostile-marker-")
nested = Path("hostile-marker-deep/a/b/c")
nested.mkdir(parents=True)
(nested / "data.bin").write_bytes(os.urandom(1024))
locked = Path("hostile-marker-locked")
locked.mkdir()
(locked / "inside.txt").write_text("x")
locked.chmod(0)

if os.fork() == 0:
    if os.fork() == 0:
        os.setsid()
        for number in range(600):  # a minute at most
            Path(os.environ["TMPDIR"], f"hostile-marker-grandchild-{number}.txt").write_text("x")
            time.sleep(0.1)
    os._exit(0)


def dense_forward(X, W, b):
    Path(os.environ["TMPDIR"], "hostile-marker-call.txt").write_text("x")
    return X @ W.T + b
