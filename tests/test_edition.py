"""The student edition: built from a fresh copy of the repository, installed in a fresh venv,
it holds no solution and no hidden check, and its visible checks agree with the workbook's.

The module fixture copies the tracked files (what a fresh clone holds) to a temporary
folder, runs `grade edition -o OUT` there (it records the reference's answers to every
visible check on the reference, the stubs and every golden variant: about two minutes on
the shared 2-core machine), and installs OUT, with the README's command, into a new venv.
That venv reaches the already installed dependencies (numpy, torch, ...) through a `.pth`
file, because tests must not use the network; `STUDENT_EDITION_INSTALL_TEST=1` installs
them for real from the package index instead.

Verdicts: the same submissions (the reference, the stub and golden variants of every
exercise) are graded by the workbook's visible checks and by the edition's, on the
edition's seed, and must get the same ✓/✗ per check. By default a sample of variants per
exercise; `STUDENT_EDITION_FULL_TEST=1` compares every golden variant.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from grader.checks import checks_for
from grader.registry import EXERCISES
from workbook.paths import ROOT, SOLUTIONS
from workbook.regions import find_regions, strip_markers

FULL = os.environ.get("STUDENT_EDITION_FULL_TEST") == "1"
REAL_INSTALL = os.environ.get("STUDENT_EDITION_INSTALL_TEST") == "1"
# Variants compared per exercise by default: the first buggy ones and the first correct.
SAMPLE = 3
VERDICTS = """
import json, sys, tempfile
from pathlib import Path
from grader.discover import write_module
from grader.registry import BY_ID
from grader.grade import grade_exercise

jobs = json.loads(Path(sys.argv[1]).read_text())
out = {}
with tempfile.TemporaryDirectory() as folder:
    for number, job in enumerate(jobs):
        exercise = BY_ID[job["exercise"]]
        root = Path(folder) / str(number)
        write_module(root, exercise, job["source"])
        result = grade_exercise(exercise, root, 0, public_only=True)
        out[job["name"]] = {c.name: c.passed for c in result.checks}
print(json.dumps(out))
"""


def readme_command(start: str) -> str:
    """The first command in README.md's code spans that starts with `start`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"`({re.escape(start)}[^`]*)`", text)
    assert found, f"README.md has no `{start}...` command"
    return found.group(1)


def tracked_copy(target: Path) -> Path:
    """What a fresh clone holds: the tracked files of this checkout, as they are now."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def make_venv(folder: Path) -> Path:
    """A new venv; unless the real install is asked for, it sees this venv's packages."""
    base = Path(sys.base_prefix) / "bin" / "python3"
    subprocess.run([str(base), "-m", "venv", "--without-pip", str(folder)], check=True)
    if not REAL_INSTALL:
        packages = Path(site.getsitepackages()[0])
        target = next((folder / "lib").glob("python3*")) / "site-packages"
        (target / "workbook-dependencies.pth").write_text(f"{packages}\n")
    return folder / "bin" / "python"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the edition's folder, the python of the fresh venv it is installed in)."""
    clone = tracked_copy(tmp_path_factory.mktemp("clone"))
    # The README's command, as typed, in the copy (whose grader it runs: PYTHONPATH).
    command = readme_command("grade edition ")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PYTHONPATH": str(clone), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    built = subprocess.run(
        shlex.split(command), cwd=clone, env=env, capture_output=True, text=True, timeout=1200
    )
    assert built.returncode == 0, built.stdout + built.stderr
    out = clone / shlex.split(command)[-1]
    assert "wrote the student edition" in built.stdout
    python = make_venv(tmp_path_factory.mktemp("venv") / "venv")
    # README of the edition: `pip install -c constraints.txt -e .`, run from its folder.
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
               "-c", "constraints.txt", "-e", "."]  # fmt: skip
    if not REAL_INSTALL:
        install += ["--no-deps", "--no-index", "--no-build-isolation"]
    done = subprocess.run(install, cwd=out, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, python


def region_texts() -> list[str]:
    """Every solution region's code, one entry per region (stripped lines joined), except
    what a stub gives ready-made anyway (week 18's stubs give a sigmoid that is 7.1's answer:
    the workbook hands it to every student, edition or not)."""
    texts = []
    for path in sorted(SOLUTIONS.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for region in find_regions(source, str(path)):
            body = [line.strip() for line in lines[region.begin : region.end - 1]]
            texts.append("\n".join(line for line in body if line and not line.startswith("#")))
    given = "\n".join(
        "\n".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "exercises").rglob("*.py")
    )
    return [text for text in texts if text and text not in given]


def edition_texts(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in out.rglob("*")
        if path.is_file() and path.suffix in (".py", ".ipynb", ".md", ".toml", ".txt")
    }


def test_the_edition_holds_no_solution_region(edition: tuple[Path, Path]) -> None:
    out, _ = edition
    assert not (out / "solutions").exists()
    texts = edition_texts(out)
    stripped = {name: "\n".join(line.strip() for line in text.splitlines())
                for name, text in texts.items()}  # fmt: skip
    regions = region_texts()
    assert len(regions) > 30
    for region in regions:
        found = [name for name, text in stripped.items() if region in text]
        assert not found, f"solution region found in {found}:\n{region}"


def test_the_edition_holds_no_hidden_check(edition: tuple[Path, Path]) -> None:
    out, python = edition
    listed = subprocess.run(
        [str(python), "-c", "from grader.checks import REGISTRY, load_suites; load_suites(); "
         "import json; print(json.dumps({k: [[c.name, c.public] for c in v] "
         "for k, v in REGISTRY.items()}))"],
        cwd=out, capture_output=True, text=True, check=True,
    )  # fmt: skip
    registry = json.loads(listed.stdout)
    for exercise in EXERCISES:
        full = checks_for(exercise.id)
        visible = [check.name for check in full if check.public]
        assert [name for name, _ in registry[exercise.id]] == visible, exercise.id
        assert all(public for _, public in registry[exercise.id]), exercise.id
        hidden = [check for check in full if not check.public]
        sources = "".join(edition_texts(out).values())
        for check in hidden:
            assert f"def {check.name}(" not in sources, check.name


def test_the_edition_cannot_import_the_reference(edition: tuple[Path, Path]) -> None:
    out, python = edition
    done = subprocess.run(
        [str(python), "-c", "import solutions"], cwd=out, capture_output=True, text=True
    )
    assert done.returncode != 0 and "No module named 'solutions'" in done.stderr


def test_grade_in_the_edition_runs_the_visible_checks(edition: tuple[Path, Path]) -> None:
    out, python = edition
    grade = Path(python).parent / "grade"
    done = subprocess.run([str(grade), "week17"], cwd=out, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "student edition: the visible checks" in done.stdout
    assert "not implemented yet" in done.stdout and "Traceback" not in done.stderr


def submissions() -> list[dict[str, str]]:
    """The reference, the stub and golden variants (a sample, or all) of every exercise."""
    jobs = []
    for exercise in EXERCISES:
        reference = strip_markers((SOLUTIONS / exercise.path).read_text(encoding="utf-8"))
        stub = (ROOT / "exercises" / exercise.path).read_text(encoding="utf-8")
        jobs.append({"exercise": exercise.id, "name": f"{exercise.id}/reference",
                     "source": reference})  # fmt: skip
        jobs.append({"exercise": exercise.id, "name": f"{exercise.id}/stub", "source": stub})
        variants = sorted((ROOT / "tests" / "golden" / "variants" / exercise.id).glob("*.py"))
        if not FULL:
            buggy = [v for v in variants if "# expect: fail" in v.read_text()][:SAMPLE]
            correct = [v for v in variants if "# expect: pass" in v.read_text()][:1]
            variants = buggy + correct
        for variant in variants:
            source = f"{reference}\n\n{variant.read_text(encoding='utf-8')}"
            jobs.append({"exercise": exercise.id, "name": f"{exercise.id}/{variant.stem}",
                         "source": source})  # fmt: skip
    return jobs


def verdicts(python: str, cwd: Path, jobs_file: Path) -> dict[str, dict[str, bool]]:
    done = subprocess.run(
        [python, "-c", VERDICTS, str(jobs_file)], cwd=cwd, capture_output=True, text=True,
        timeout=3600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, dict[str, bool]] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_visible_checks_agree_with_the_workbook(edition: tuple[Path, Path], tmp_path: Path) -> None:
    out, python = edition
    jobs_file = tmp_path / "jobs.json"
    jobs_file.write_text(json.dumps(submissions()), encoding="utf-8")
    workbook = verdicts(sys.executable, ROOT, jobs_file)
    student = verdicts(str(python), out, jobs_file)
    assert workbook.keys() == student.keys()
    differ = {name: (workbook[name], student[name]) for name in workbook
              if workbook[name] != student[name]}  # fmt: skip
    assert not differ, json.dumps(differ, indent=1)
    passed = sum(all(v.values()) for v in workbook.values())
    assert 0 < passed < len(workbook)  # both verdicts occur
