"""Generate a class of week-18 submissions, for batch-grading tests and benchmarks.

Usage:
    python scripts/make_class.py OUT [-n 200] [--seed 0] [--exercises 7.4,7.6,7.7]

Writes OUT/<student>/week18/*.py (one folder per student, laid out like exercises/) and
OUT/manifest.json, which says what each student is and whether each week-18 exercise
must pass. The mix is deterministic for a given (n, seed):

- correct: the reference solutions, markers stripped;
- stub: the untouched stubs from exercises/;
- buggy: one known mistake, a golden variant that must fail, appended to the reference;
- different: a correct rewrite, a golden variant that must pass;
- hanging: an infinite loop in one function;
- crashing: sys.exit on import, os._exit in a function, or a segfault through ctypes.

Mistakes, hangs and crashes go into the exercises named by --exercises (default: all of
week 18); the other modules are correct. The first ten students cover every kind, two of
them sharing the same mistake, so even a small class has a most frequent diagnostic.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.checks.spec import Spec  # noqa: E402
from grader.registry import EXERCISES  # noqa: E402
from workbook.paths import EXERCISES as STUBS  # noqa: E402
from workbook.paths import SOLUTIONS  # noqa: E402
from workbook.regions import strip_markers  # noqa: E402

WEEK = "week18"
VARIANTS = ROOT / "tests" / "golden" / "variants"
EXPECT = re.compile(r"^# expect: (?P<verdict>pass|fail)(?: (?P<hint>.+))?$", re.MULTILINE)
# The mistake most students make in each exercise: drawn more often than the others.
COMMON = {
    "7.4": "not_divided_by_n",
    "7.5": "not_divided_by_n",
    "7.6": "adam_no_bias_correction",
    "7.7": "elementwise_clip",
    "mlp": "backward_no_batch_division",
    "overfit": "gradient_check_forward_difference",
}
COMMON_WEIGHT = 8
# A function each exercise's checks call, where a hang or a crash is planted.
CALLED = {
    "7.4": "backward",
    "7.5": "train_logistic_regression",
    "7.6": "sgd",
    "7.7": "clip_by_norm",
    "mlp": "train_xor",
    "overfit": "gradient_check",
}
# Every exercise of the week, and nothing else: a renamed or new exercise must be placed here.
_WEEK_IDS = {spec.id for spec in EXERCISES if spec.week == WEEK}
if set(COMMON) != _WEEK_IDS or set(CALLED) != _WEEK_IDS:
    raise SystemExit(f"make_class: COMMON and CALLED must name exactly {sorted(_WEEK_IDS)}")
KIND_WEIGHTS = {
    "correct": 30, "buggy": 30, "different": 15, "stub": 10, "hanging": 5, "crashing": 10,
}  # fmt: skip
CRASHES = ("exit-on-import", "os-exit", "segfault")
# The first students, in order: every kind, and two with the same (common) mistake.
PREFIX = (
    ("correct", ""), ("buggy", "common"), ("stub", ""), ("buggy", "common"),
    ("different", ""), ("hanging", ""), ("crashing", "exit-on-import"), ("buggy", ""),
    ("crashing", "segfault"), ("crashing", "os-exit"),
)  # fmt: skip


@dataclass
class Student:
    """One generated student: what they are and which exercises must pass."""

    name: str
    kind: str
    exercise: str = ""
    detail: str = ""
    hint: str = ""
    expected: dict[str, bool] = field(default_factory=dict)


def week_exercises() -> list[Spec]:
    return [exercise for exercise in EXERCISES if exercise.week == WEEK]


def reference(exercise: Spec) -> str:
    return strip_markers((SOLUTIONS / exercise.path).read_text(encoding="utf-8"))


def variants(exercise_id: str, passing: bool) -> list[tuple[str, str, str]]:
    """(name, hint, source) of the golden variants of an exercise on one side."""
    found = []
    for path in sorted((VARIANTS / exercise_id).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        match = EXPECT.search(source)
        if match and (match.group("verdict") == "pass") == passing:
            found.append((path.stem, match.group("hint") or "", source))
    return found


def pick_variant(
    rng: random.Random, exercise_id: str, passing: bool, common: bool
) -> tuple[str, str, str]:
    """A variant of one side; a buggy one is the exercise's common mistake more often."""
    pool = variants(exercise_id, passing)
    if passing:
        return rng.choice(pool)
    usual = [v for v in pool if v[0] == COMMON.get(exercise_id)]
    if common and usual:
        return usual[0]
    weights = [COMMON_WEIGHT if v in usual else 1 for v in pool]
    return rng.choices(pool, weights=weights)[0]


def planted(kind: str, detail: str, function: str) -> str:
    """Code appended to a module: a hang or a crash in `function`, or an exit on import."""
    if kind == "hanging":
        return f"\n\ndef {function}(*args, **kwargs):\n    while True:\n        pass\n"
    if detail == "exit-on-import":
        return "\n\nimport sys\n\nsys.exit(1)\n"
    if detail == "os-exit":
        return f"\n\nimport os\n\n\ndef {function}(*args, **kwargs):\n    os._exit(0)\n"
    return f"\n\nimport ctypes\n\n\ndef {function}(*args, **kwargs):\n    ctypes.string_at(0)\n"


def plan(n: int, seed: int, targets: list[str]) -> list[tuple[Student, dict[str, str]]]:
    """Each student with the source of every week-18 module."""
    rng = random.Random(seed)
    width = max(3, len(str(n)))
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    planned = []
    for index in range(n):
        kind, detail = (
            PREFIX[index] if index < len(PREFIX) else (rng.choices(kinds, weights=weights)[0], "")
        )
        exercise = targets[0] if detail == "common" else rng.choice(targets)
        student = Student(f"student-{index + 1:0{width}d}", kind)
        planned.append((student, sources(student, exercise, detail, rng)))
    return planned


def sources(student: Student, exercise_id: str, detail: str, rng: random.Random) -> dict[str, str]:
    """Fill in `student` and return {exercise id: module source}."""
    modules = {e.id: reference(e) for e in week_exercises()}
    student.expected = {exercise_id: True for exercise_id in modules}
    if student.kind == "correct":
        return modules
    if student.kind == "stub":
        student.expected = dict.fromkeys(modules, False)
        return {e.id: (STUBS / e.path).read_text(encoding="utf-8") for e in week_exercises()}
    student.exercise = exercise_id
    if student.kind in ("buggy", "different"):
        passing = student.kind == "different"
        name, hint, code = pick_variant(rng, exercise_id, passing, detail == "common")
        student.detail, student.hint = name, hint
        modules[exercise_id] += f"\n\n# ---- variant {name} ----\n{code}"
    else:
        crash = detail or rng.choice(CRASHES)
        student.detail = crash if student.kind == "crashing" else CALLED[exercise_id]
        modules[exercise_id] += planted(student.kind, student.detail, CALLED[exercise_id])
    student.expected[exercise_id] = student.kind == "different"
    return modules


def write_student(out: Path, student: Student, modules: dict[str, str]) -> None:
    folder = out / student.name / WEEK
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STUBS / WEEK / "__init__.py", folder / "__init__.py")
    for exercise in week_exercises():
        (out / student.name / exercise.path).write_text(modules[exercise.id], encoding="utf-8")


def make_class(
    out: Path, n: int = 200, seed: int = 0, exercises: list[str] | None = None
) -> dict[str, Any]:
    """Write the class under `out` and return its manifest (also written to manifest.json)."""
    ids = [e.id for e in week_exercises()]
    targets = exercises or ids
    unknown = sorted(set(targets) - set(ids))
    if unknown:
        raise SystemExit(f"make_class: not week-18 exercises: {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    students = []
    for student, modules in plan(n, seed, targets):
        write_student(out, student, modules)
        students.append(asdict(student))
    manifest: dict[str, Any] = {
        "week": WEEK, "n": n, "seed": seed, "exercises": ids, "students": students,
    }  # fmt: skip
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the class into")
    parser.add_argument("-n", type=int, default=200, help="number of students (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--exercises", default="", help="comma-separated week-18 ids that get the mistakes"
    )
    args = parser.parse_args(argv)
    chosen = [item for item in args.exercises.split(",") if item] or None
    manifest = make_class(args.out, args.n, args.seed, chosen)
    kinds: dict[str, int] = {}
    for student in manifest["students"]:
        kinds[student["kind"]] = kinds.get(student["kind"], 0) + 1
    mix = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    print(f"wrote {args.n} students to {args.out} ({mix})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
