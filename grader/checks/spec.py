"""What an exercise is, declared once: the type of every ``grader/checks/<suite>/spec.py``.

A spec holds everything about one exercise except its code: the id users type, the
reference module (``solutions/<module>.py``, from which the stub is generated), the title,
the grader's limits, and the notebook's prose and pictures. The grader's registry
(`grader.registry`), the notebooks, the checklist, the plots and the playground all read
these specs; the exercise's checks sit beside it in ``checks.py``.

Importing a spec is cheap (no NumPy), so `grade --help` and the registry stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pitfall:
    """A common mistake as the notebook explains it, folded: the summary shows, the
    explanation opens on a click. (The grader's diagnosis of a mistake is
    `grader.checks.diagnosis.Mistake`.)"""

    summary: str
    detail: str


@dataclass(frozen=True)
class Picture:
    """A code cell that draws something with `workbook.plots`, and what to look for in it.

    Attributes:
        code: the cell's source, e.g. ``plots.activations(ex7_1)``.
        caption: markdown shown above the cell: what the picture shows, what to notice.
    """

    code: str
    caption: str


@dataclass(frozen=True)
class Spec:
    """One gradable exercise: what the grader and the notebook need to know about it.

    Attributes:
        id: what users type: "7.1" … "7.8", or a short name such as "mlp".
        module: the dotted module inside a submission and inside ``solutions/``
            (``week18.ex7_4_backprop``); its first part is the week.
        title: shown in reports and as the notebook's heading.
        alias: the name the notebook imports the student's module as (``ex7_4``).
        timebox: suggested time, e.g. "20–45 min".
        goal: one or two sentences: what this exercise is for.
        basic, intermediate, advanced: the three steps, in order of difficulty.
        shapes: argument and return shapes, one markdown line each.
        mistakes: common mistakes, folded as hints in the notebook.
        pictures: drawn after the notebook's check cell.
        note: extra markdown after the steps, or "".
        timeout: wall-clock seconds for all of this exercise's checks, start-up included.
        memory_gib: address-space cap for the child process.
        preload: modules the exercise's zygote imports before forking its children
            (PyTorch takes seconds to import, so only the exercise that uses it asks).
    """

    id: str
    module: str
    title: str
    alias: str
    timebox: str
    goal: str
    basic: str
    intermediate: str
    advanced: str
    shapes: tuple[str, ...]
    mistakes: tuple[Pitfall, ...]
    pictures: tuple[Picture, ...] = ()
    note: str = ""
    timeout: float = 10.0
    memory_gib: float = 2.0
    preload: tuple[str, ...] = ()

    @property
    def week(self) -> str:
        return self.module.split(".")[0]

    @property
    def filename(self) -> str:
        """The module's file name: ``ex7_4_backprop.py``."""
        return self.module.split(".")[-1] + ".py"

    @property
    def path(self) -> str:
        """The module's path inside a submission: ``week18/ex7_4_backprop.py``."""
        return self.module.replace(".", "/") + ".py"

    @property
    def stub_path(self) -> str:
        """The stub's path from the repository root: ``exercises/week18/ex7_4_backprop.py``."""
        return "exercises/" + self.path

    @property
    def suite(self) -> str:
        """The folder of ``grader/checks/`` that holds this spec and its checks: "7.4" ->
        ``ex7_4``, "cnn-train" -> ``cnn_train``."""
        return suite_name(self.id)


def suite_name(exercise_id: str) -> str:
    """The suite folder for an exercise id: "7.2" -> ``ex7_2``, "mlp-forward" -> ``mlp_forward``."""
    name = exercise_id.replace(".", "_").replace("-", "_")
    return f"ex{name}" if name[:1].isdigit() else name


def pitfalls(*pairs: tuple[str, str]) -> tuple[Pitfall, ...]:
    """Pitfalls from (summary, detail) pairs."""
    return tuple(Pitfall(summary, detail) for summary, detail in pairs)
