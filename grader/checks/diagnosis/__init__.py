"""The diagnosis library the suites share.

- `Mistake` (mistakes.py): the one type of a known mistake, a wrong answer computed here
  and the hint that names it; `expect.close()` tries a list of them when a value is wrong.
- Catalogues of the mistakes of a concept that several exercises grade (softmax and
  cross-entropy, a two-layer backward pass, optimizer steps), and the oracles they share
  (finite differences, optimizer trajectories), one module per concept, so each mistake is
  written once and named the same way wherever it shows.
"""

from __future__ import annotations

from grader.checks.diagnosis.mistakes import Mistake

__all__ = ["Mistake"]
