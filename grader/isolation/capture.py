"""Output capture: the grader drains a child's stdout and stderr as fast as they come, keeps
only the first few KB, and shows them in the report as safe, printable lines."""

from __future__ import annotations

import os
import select
import threading
import time

OUTPUT_KEEP_BYTES = 2048
OUTPUT_KEEP_LINES = 40
OUTPUT_LINE_CHARS = 300


class OutputCollector(threading.Thread):
    """Drains the child's stdout+stderr, keeping only the first few KB.

    Draining as fast as it comes means a print flood never blocks the child on a
    full pipe, and never fills memory or disk here. `finish` ends the thread even when
    something still holds the pipe open and keeps printing.
    """

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.kept = bytearray()
        self.total = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        drain_until = 0.0
        try:
            while True:
                if self.stopping.is_set():
                    drain_until = drain_until or time.monotonic() + 0.2
                    if time.monotonic() > drain_until:
                        break
                if not poller.poll(50):
                    if self.stopping.is_set():
                        break
                    continue
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    break
                self.total += len(chunk)
                room = OUTPUT_KEEP_BYTES - len(self.kept)
                if room > 0:
                    self.kept.extend(chunk[:room])
        except OSError:
            pass
        finally:
            os.close(self.fd)

    def finish(self, timeout: float = 1.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def text(self) -> str:
        """What the child printed: at most 40 lines of 300 characters, control characters
        shown escaped, and how much was cut."""
        lines = self.kept.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the empty rest after the last newline
        shown = lines[:OUTPUT_KEEP_LINES]
        shown_bytes = min(sum(len(line) + 1 for line in shown), len(self.kept))
        text = "\n".join(printable(line) for line in shown)
        cut = self.total - shown_bytes
        if cut > 0:
            text += f"\n... [{cut} more bytes of output cut]"
        return text


def printable(raw: bytes | bytearray) -> str:
    """One line of student output, safe to show in a terminal inside the report."""
    line = raw.decode("utf-8", errors="replace")
    out = []
    for char in line:
        if char == "\t" or char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    text = "".join(out)
    if len(text) > OUTPUT_LINE_CHARS:
        text = text[:OUTPUT_LINE_CHARS] + f" … [{len(text) - OUTPUT_LINE_CHARS} characters cut]"
    return text
