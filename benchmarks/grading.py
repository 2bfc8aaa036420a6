"""Grading benchmarks: `grade` and `grade batch` against `nbgrader autograde`.

The class is scripts/make_class.py's week-18 mix; each student's modules are also written
into the released notebook's answer cells (as tests/test_nbgrader_release.py does), so that
nbgrader grades exactly the same code. nbgrader's hidden cells call our checks
(`run_checks`), so nbgrader's time is its own overhead (a kernel per notebook, executing
every cell, the gradebook) plus the same checks `grade` runs.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path
from typing import Any

from common import ROOT, grade_command, load, timed

WEEK = "week18"
SEED = 0
PARTS = ("visible", "hidden")  # nbgrader test cells of an exercise
# The "three weeks" row: `grade week17 week18 week19` of the reference solutions.
THREE_WEEKS = ("week17", "week18", "week19")
FLOOR = ROOT / "benchmarks" / "floor.py"
# What a grading child's environment sets (grader.isolation.runner.environment).
CHILD_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def make_class(out: Path, n: int) -> dict[str, Any]:
    if not (out / "manifest.json").exists():
        timed([sys.executable, str(ROOT / "scripts" / "make_class.py"), str(out), "-n", str(n)])
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def subset(manifest: dict[str, Any], k: int, seed: int = 0) -> list[str]:
    """k students drawn at random, stratified by kind (largest remainder), student-001 first."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for student in manifest["students"]:
        by_kind[student["kind"]].append(student["name"])
    n = len(manifest["students"])
    quotas = {kind: len(names) * k / n for kind, names in by_kind.items()}
    counts = {kind: int(q) for kind, q in quotas.items()}
    rest = sorted(quotas, key=lambda kind: quotas[kind] - counts[kind], reverse=True)
    for kind in rest[: k - sum(counts.values())]:
        counts[kind] += 1
    rng = random.Random(seed)
    first = manifest["students"][0]["name"]  # a correct student: the single-submission one
    kind = manifest["students"][0]["kind"]
    if counts[kind] == 0:  # k too small for every kind: give the first kind one seat
        counts[max(counts, key=lambda other: counts[other])] -= 1
        counts[kind] += 1
    chosen = [first]
    counts[kind] -= 1
    for kind, names in sorted(by_kind.items()):
        pool = [name for name in names if name != first]
        chosen += rng.sample(pool, max(0, counts[kind]))
    return sorted(chosen)


def release(course: Path) -> dict[str, Any]:
    """Build the nbgrader course once; return the released notebook."""
    released = course / "release" / WEEK / f"{WEEK}.ipynb"
    if not released.exists():
        timed([*grade_command(), "release", WEEK, "--course-dir", str(course), "--seed", str(SEED)])
    notebook: dict[str, Any] = json.loads(released.read_text(encoding="utf-8"))
    return notebook


def notebook_of(release_nb: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The released notebook with every answer cell holding the student's module."""
    from grader.nbgrader_cells import marker_line
    from grader.registry import EXERCISES
    from grader.release import drop_main_block

    notebook = copy.deepcopy(release_nb)
    modules = {e.module: e for e in EXERCISES if e.week == WEEK}
    for cell in notebook["cells"]:
        tag = cell.get("metadata", {}).get("workbook", {})
        module = tag.get("module") if isinstance(tag, dict) else None
        if module in modules:
            exercise = modules[module]
            text = (folder / exercise.path).read_text(encoding="utf-8")
            cell["source"] = marker_line(exercise) + "\n" + drop_main_block(text)
    return notebook


def submit(course: Path, class_dir: Path, students: list[str], release_nb: dict[str, Any]) -> None:
    for student in students:
        target = course / "submitted" / student / WEEK / f"{WEEK}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        notebook = notebook_of(release_nb, class_dir / student)
        target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def copy_students(class_dir: Path, students: list[str], out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for student in students:
        shutil.copytree(class_dir / student, out / student)
    return out


def batch(submissions: Path, out: Path, jobs: int) -> float:
    argv = [*grade_command(), "batch", WEEK, str(submissions), "-o", str(out)]
    return timed([*argv, "--jobs", str(jobs), "--force", "--seed", str(SEED), "--quiet"])


def nbgrader_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", "autograde", WEEK, "--force", *args]


def measured(
    what: str, folder: Path, *args: str, timeout: float = 600.0, spawn: bool = False
) -> dict[str, Any]:
    """Run benchmarks/floor.py `what` on `folder` (with `spawn`, every child is spawned);
    its JSON document, or the per-exercise lines it printed before it died half-way."""
    argv = [sys.executable, str(FLOOR), what, str(folder), *args]
    env = {**os.environ, **({"GRADER_ZYGOTE": "0"} if spawn else {})}
    if what == "floor":  # the student's code runs as in a child: one BLAS/OpenMP thread
        env.update({name: "1" for name in CHILD_THREADS})
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, check=False, env=env
        )
        lines = done.stdout.splitlines()
    except subprocess.TimeoutExpired as expired:
        lines = (expired.stdout or b"").decode("utf-8", "replace").splitlines()
    documents = []
    for line in lines:
        try:
            documents.append(json.loads(line))
        except ValueError:
            continue
    if documents and "exercise" not in documents[-1]:
        result: dict[str, Any] = documents[-1]
        return result
    rows = {row["exercise"]: row for row in documents if "exercise" in row}
    return {
        "seconds": sum(row["seconds"] for row in rows.values()),
        "student_s": sum(row["student_s"] for row in rows.values()),
        "exercises": rows,
        "ended_early": True,
    }


def reference_submission(out: Path, weeks: Collection[str]) -> Path:
    """The reference solutions of `weeks`, laid out as a submission (markers stripped)."""
    from grader.registry import EXERCISES
    from workbook.paths import SOLUTIONS
    from workbook.regions import strip_markers

    for exercise in EXERCISES:
        if exercise.week in weeks:
            target = out / exercise.path
            target.parent.mkdir(parents=True, exist_ok=True)
            text = (SOLUTIONS / exercise.path).read_text(encoding="utf-8")
            target.write_text(strip_markers(text), encoding="utf-8")
    return out


def single(work: Path, class_dir: Path, course: Path, student: str, reps: int) -> dict[str, Any]:
    """Median wall time of `grade WEEK --submission`, `nbgrader autograde --student` and the
    floor (the same checks in one process), alternated; then where `grade`'s time goes."""
    start = load()
    ours, theirs, floors, students = [], [], [], []
    three, startup = [], []
    folder = class_dir / student
    reference = reference_submission(work / "reference", THREE_WEEKS)
    three_weeks = [*grade_command(), *THREE_WEEKS, "--submission", str(reference)]
    for _ in range(reps):  # alternate, so that drifting load hits all alike
        ours.append(timed([*grade_command(), WEEK, "--submission", str(folder), "--seed", "0"]))
        theirs.append(timed(nbgrader_argv("--student", student), cwd=course))
        floor = measured("floor", folder, "--week", WEEK, "--seed", "0")
        floors.append(floor["seconds"])
        students.append(floor["student_s"])
        three.append(timed([*three_weeks, "--seed", "0"]))
        startup.append(timed([*grade_command(), "--help"]))
    grade_s, nb_s = statistics.median(ours), statistics.median(theirs)
    floor_s = statistics.median(floors)
    # Where the time goes: one exercise at a time, so the phases add up to the wall time;
    # with the zygote (the default) and with every child spawned.
    by_phase = {
        "zygote": measured("phases", folder, "--week", WEEK, "--seed", "0"),
        "spawn": measured("phases", folder, "--week", WEEK, "--seed", "0", spawn=True),
    }
    return {
        "student": student,
        "reps": reps,
        "grade_s": grade_s,
        "grade_all_s": ours,
        "nbgrader_s": nb_s,
        "nbgrader_all_s": theirs,
        "ratio": nb_s / grade_s,
        "floor_s": floor_s,
        "floor_all_s": floors,
        "floor_student_s": statistics.median(students),
        "three_weeks_s": statistics.median(three),
        "three_weeks_all_s": three,
        "startup_s": statistics.median(startup),
        "phases": by_phase,
        "load_start": start,
        "load_end": load(),
    }


def class_floor(
    manifest: dict[str, Any], class_dir: Path, sample: int, jobs: int
) -> dict[str, Any]:
    """The class's floor: each student's checks in one process, on a stratified sample of
    the class (every kind), with each student's seed as `grade batch` draws it; the mean
    per kind times the class's count of that kind, shared by `jobs` workers."""
    from grader.batch import student_seed
    from grader.registry import EXERCISES

    kinds = {s["name"]: s["kind"] for s in manifest["students"]}
    chosen = subset(manifest, min(sample, len(kinds)))
    # A hanging function is stopped at its limit, twice at most (as `grade` does).
    limit = sum(e.timeout for e in EXERCISES if e.week == WEEK) * 2 + 60
    per_kind: dict[str, list[float]] = defaultdict(list)
    start = load()
    for name in chosen:
        seed = str(student_seed(SEED, name))
        floor = measured("floor", class_dir / name, "--week", WEEK, "--seed", seed, timeout=limit)
        per_kind[kinds[name]].append(floor["seconds"])
    counts = {kind: sum(v == kind for v in kinds.values()) for kind in set(kinds.values())}
    means = {kind: statistics.mean(values) for kind, values in per_kind.items()}
    total = sum(means.get(kind, 0.0) * count for kind, count in counts.items())
    return {
        "sample": len(chosen),
        "n": len(kinds),
        "per_kind_s": means,
        "seconds": total / jobs,
        "worker_seconds": total,
        "jobs": jobs,
        "load_start": start,
        "load_end": load(),
    }


def run(work: Path, n: int, k: int, reps: int, jobs: int, scaling: list[int],
        scaling_jobs: list[int], floor_sample: int = 20) -> dict[str, Any]:  # fmt: skip
    """All grading rows: one submission, a class, the floors, and the scaling grid."""
    class_dir = work / "class"
    manifest = make_class(class_dir, n)
    chosen = subset(manifest, min(k, n))
    course = work / "course"
    release_nb = release(course)
    submit(course, class_dir, chosen, release_nb)
    kinds = {s["name"]: s["kind"] for s in manifest["students"]}
    result: dict[str, Any] = {"n": n, "subset": chosen, "jobs": jobs}
    result["single"] = single(work, class_dir, course, chosen[0], reps)

    whole_class = len(chosen) == n
    start = load()
    # The whole class is graded from its own folder, so the class row below reuses this run.
    sub_dir = class_dir if whole_class else copy_students(class_dir, chosen, work / "subset")
    batch_subset = batch(sub_dir, work / "out-subset", jobs)
    nb_subset = timed(nbgrader_argv(), cwd=course)
    result["subset_run"] = {
        "k": len(chosen),
        "mix": {
            kind: sum(kinds[s] == kind for s in chosen) for kind in sorted(set(kinds.values()))
        },
        "batch_s": batch_subset,
        "nbgrader_s": nb_subset,
        "load_start": start,
        "load_end": load(),
    }
    if whole_class:
        full = batch_subset
    else:
        start = load()
        full = batch(class_dir, work / "out-full", jobs)
    result["class"] = {
        "batch_s": full,
        "batch_per_s": n / full,
        "nbgrader_extrapolated_s": nb_subset / len(chosen) * n,
        "nbgrader_per_s": len(chosen) / nb_subset,
        "ratio": (n / full) / (len(chosen) / nb_subset),
        "mix": {
            kind: sum(v == kind for v in kinds.values()) for kind in sorted(set(kinds.values()))
        },
        "load_start": start,
        "load_end": load(),
    }
    result["class_floor"] = class_floor(manifest, class_dir, floor_sample, jobs)
    documents = student_results(work / "out-subset", chosen)
    result["by_kind"] = time_by_kind(manifest, documents, course)
    result["agreement"] = agreement(chosen, work / "out-subset", course)
    result["verdicts"] = verdicts(manifest, documents)
    grid: list[dict[str, Any]] = [{"n": n, "jobs": jobs, "seconds": full, "load": start}]
    grid += scale(work, manifest, scaling, scaling_jobs, skip={(n, jobs)})
    result["scaling"] = sorted(grid, key=lambda row: (row["n"], row["jobs"]))
    return result


def student_results(batch_out: Path, students: list[str]) -> dict[str, dict[str, Any]]:
    """Each student's results.json that `grade batch` wrote, by student name."""
    return {
        name: json.loads((batch_out / "results" / f"{name}.json").read_text("utf-8"))
        for name in students
    }


def time_by_kind(
    manifest: dict[str, Any], documents: dict[str, dict[str, Any]], course: Path
) -> dict[str, dict[str, float]]:
    """Mean seconds per student of each kind, on each side of the side-by-side class run.

    `grade batch`: the execution_time in each student's results.json (one worker's wall
    time for that student). nbgrader autogrades the students one after another, in name
    order, writing each autograded notebook when it is done, so a student's time is the gap
    between its notebook's mtime and the previous one's (the first student, whose gap would
    hold nbgrader's start-up, is left out).
    """
    kinds = {s["name"]: s["kind"] for s in manifest["students"]}
    ours: dict[str, list[float]] = defaultdict(list)
    theirs: dict[str, list[float]] = defaultdict(list)
    for name, document in documents.items():
        ours[kinds[name]].append(float(document["execution_time"]))
    names = sorted(documents)
    notebooks = [course / "autograded" / name / WEEK / f"{WEEK}.ipynb" for name in names]
    done = [notebook.stat().st_mtime for notebook in notebooks]
    for index in range(1, len(names)):
        theirs[kinds[names[index]]].append(done[index] - done[index - 1])
    return {
        kind: {
            "n": len(ours[kind]),
            "grade_s": statistics.mean(ours[kind]),
            "nbgrader_s": statistics.mean(theirs[kind]) if theirs[kind] else float("nan"),
            "grade_total_s": sum(ours[kind]),
            "nbgrader_total_s": sum(theirs[kind]),
        }
        for kind in sorted(ours)
    }


def verdicts(manifest: dict[str, Any], documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Does `grade batch` pass and fail each exercise as make_class's manifest says it must?

    A student with a known mistake must also get that mistake's hint in the exercise's feedback.
    """
    wrong = []
    by_name = {s["name"]: s for s in manifest["students"]}
    for name, document in documents.items():
        student = by_name[name]
        tests = {test["number"]: test for test in document["tests"]}
        for exercise, expected in student["expected"].items():
            passed = tests[exercise]["status"] == "passed" if exercise in tests else None
            if passed is not expected:
                wrong.append([name, exercise, f"passed={passed}, expected {expected}"])
        if student["kind"] == "buggy" and student["hint"]:
            output = tests.get(student["exercise"], {}).get("output", "")
            if student["hint"] not in output:
                wrong.append([name, student["exercise"], f"hint missing: {student['hint']}"])
    total = sum(len(by_name[name]["expected"]) for name in documents)
    return {"compared": total, "wrong": wrong}


def agreement(students: list[str], batch_out: Path, course: Path) -> dict[str, Any]:
    """Do nbgrader's gradebook and `grade batch`'s gradebook.csv give the same points?

    Compares every student's points per exercise (nbgrader: visible + hidden test cell).
    """
    from nbgrader.api import Gradebook  # type: ignore[import-untyped]

    from grader.registry import EXERCISES
    from grader.release import grade_id

    with (batch_out / "gradebook.csv").open(newline="", encoding="utf-8") as handle:
        ours = {row["student"]: row for row in csv.DictReader(handle)}
    exercises = [e.id for e in EXERCISES if e.week == WEEK]
    differences = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in students:
            notebook = gradebook.find_submission_notebook(WEEK, WEEK, student)
            scores = {grade.name: float(grade.score) for grade in notebook.grades}
            for exercise in exercises:
                theirs = sum(scores.get(grade_id(exercise, part), 0.0) for part in PARTS)
                if abs(theirs - float(ours[student][exercise])) > 1e-9:
                    differences.append([student, exercise, theirs, float(ours[student][exercise])])
    return {"compared": len(students) * len(exercises), "differences": differences}


def scale(
    work: Path,
    manifest: dict[str, Any],
    sizes: list[int],
    workers_list: list[int],
    skip: Collection[tuple[int, int]] = (),
) -> list[dict[str, Any]]:
    """`grade batch` on the first `size` students with `workers` workers, for each pair."""
    class_dir = work / "class"
    grid = []
    for size in sizes:
        for workers in workers_list:
            if size > len(manifest["students"]) or (size, workers) in skip:
                continue
            start = load()
            names = [s["name"] for s in manifest["students"][:size]]
            folder = copy_students(class_dir, names, work / f"first-{size}")
            seconds = batch(folder, work / f"out-{size}-{workers}", workers)
            grid.append({"n": size, "jobs": workers, "seconds": seconds, "load": start})
            print(f"  scaling n={size} jobs={workers}: {seconds:.1f} s", flush=True)
    return grid
