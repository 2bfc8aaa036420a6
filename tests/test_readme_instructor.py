"""The README's instructor walk-through, run exactly as written.

The commands, `roster.csv` and `course.toml` are read from README.md ("From submissions
and a roster to the LMS"); each command runs in a fresh folder with this venv's `python`
and `grade`, and must leave the files the README promises.
"""

from __future__ import annotations

import csv
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

from workbook.paths import ROOT

SECTION = "- **From submissions and a roster to the LMS.**"
FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def walkthrough() -> dict[str, str]:
    """language -> the first fenced block of that language in the README's walk-through."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n- **", start + len(SECTION))
    blocks: dict[str, str] = {}
    for match in FENCE.finditer(text[start:end]):
        blocks.setdefault(match.group(2), textwrap.dedent(match.group(3)))
    return blocks


def run(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """One README command, with this venv's interpreter for `python` and its `grade`."""
    words = shlex.split(line)
    tools = {"python": sys.executable, "grade": str(Path(sys.executable).parent / "grade")}
    words[0] = tools.get(words[0], words[0])
    return subprocess.run(words, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_readme_walkthrough_from_submissions_to_lms_files(tmp_path: Path) -> None:
    """Do the README's commands give the LMS files, feedback, report and rubric rows?"""
    blocks = walkthrough()
    (tmp_path / "roster.csv").write_text(blocks["csv"], encoding="utf-8")
    (tmp_path / "course.toml").write_text(blocks["toml"], encoding="utf-8")
    commands = [line for line in blocks["bash"].splitlines() if line.strip()]
    assert [line.split()[:2] for line in commands] == [
        ["python", "scripts/make_class.py"], ["grade", "batch"], ["grade", "batch"],
        ["grade", "rubric"],
    ]  # fmt: skip
    # make_class.py is named relative to the workbook: run it from there, output here.
    outputs = []
    for line in commands:
        if line.startswith("python scripts/"):
            line = line.replace("scripts/", f"{ROOT}/scripts/", 1)
        done = run(line, tmp_path)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    grades = tmp_path / "grades"
    for name in ("gradebook.csv", "canvas.csv", "moodle.csv", "report.html", "summary.json"):
        assert (grades / name).is_file(), name
    assert sorted(p.name for p in (grades / "feedback").iterdir()) == [
        "student-001.html", "student-002.html", "student-003.html"]  # fmt: skip
    assert "no submission from s004 Katherine Johnson" in outputs[1]
    with (grades / "canvas.csv").open(newline="") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 18"]
    assert [row[2] for row in canvas[1:]] == ["s001", "s002", "s003", "s004"]
    with (grades / "gradebook.csv").open(newline="") as handle:
        book = list(csv.DictReader(handle))
    assert {"final", "penalty", "days_late", "7.4", "7.7"} <= set(book[0])
    assert "Graded 3 students" in outputs[2]  # 7.7 again, merged into the same gradebook
    rubric = (tmp_path / "rubrica.csv").read_text(encoding="utf-8").splitlines()
    assert rubric[0].startswith("scope,student,criterion")
    assert len(rubric) == 1 + 3 * 10
