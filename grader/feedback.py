"""One feedback file per student: a self-contained HTML page to upload or email.

It holds what `grade` would tell the student: one row per exercise with its points, the
failed checks' titles with their hints, what their code printed, which written answers
are filled in, the late penalty, and how to reproduce the run (`grade --seed`). It is
built only from the results, never from the checks' source: the hidden tests stay hidden.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from grader.report import ExerciseResult, points

if TYPE_CHECKING:
    from grader.batch import BatchResult, StudentGrade

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .3rem .6rem; }
th { background: #f3f3f3; text-align: left; } .pass { color: #176f2c; } .fail { color: #b00020; }
pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; } .note { color: #555; }
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, body: list[str]) -> str:
    """A complete HTML document with its style inline (no file or network besides it)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def exercise_rows(results: list[ExerciseResult]) -> list[str]:
    rows = ["<table><tr><th>exercise</th><th>title</th><th>points</th><th>result</th></tr>"]
    for result in results:
        verdict = '<span class="pass">✓ passed</span>' if result.passed else (
            '<span class="fail">✗ failed</span>')  # fmt: skip
        rows.append(
            f"<tr><td>{e(result.exercise.id)}</td><td>{e(result.exercise.title)}</td>"
            f"<td>{points(result.score)}/{points(result.max_score)}</td><td>{verdict}</td></tr>"
        )
    rows.append("</table>")
    return rows


def failures(results: list[ExerciseResult]) -> list[str]:
    """Per failed exercise: each failed check's title and hint, then the printed output."""
    out: list[str] = []
    for result in results:
        failed = [check for check in result.checks if not check.passed]
        if not failed and not result.output.strip():
            continue
        out.append(f"<h3>{e(result.exercise.id)} {e(result.exercise.title)}</h3>")
        if failed:
            passed = len(result.checks) - len(failed)
            out.append(f"<p>{passed} of {len(result.checks)} checks passed. What failed:</p><ul>")
            out.extend(f"<li><b>{e(check.title)}</b>: {e(check.message)}</li>" for check in failed)
            out.append("</ul>")
        if result.output.strip():
            out.append(f"<p>Your code printed:</p><pre>{e(result.output.rstrip())}</pre>")
    return out


def summary_line(record: StudentGrade) -> str:
    top = sum(record.max_scores.values())
    text = f"Autograded points: <b>{points(record.total)}/{points(top)}</b>"
    if record.late is not None and record.late.penalty:
        late = record.late
        text += (
            f"; submitted {late.days} day(s) late: -{late.percent:g}% "
            f"(-{points(late.penalty)}), final <b>{points(late.final)}</b>"
        )
    return f"<p>{text}.</p>"


def student_page(record: StudentGrade, result: BatchResult) -> str:
    person = record.student
    who = f"{person.name} ({person.id})" if person and person.name else record.name
    title = f"{result.course.name}: feedback for {who}"
    results = [record.results[x.id] for x in result.exercises if x.id in record.results]
    body = [f"<h1>{e(title)}</h1>", summary_line(record)]
    if record.error:
        body.append(f'<p class="fail">{e(record.error)}</p>')
    body += exercise_rows(results)
    body += failures(results)
    if record.answers:
        body.append("<h2>Written answers (graded by hand)</h2><ul>")
        for answer in record.answers:
            state = "written" if answer.filled else '<span class="fail">not written</span>'
            body.append(f"<li>{e(answer.title)} ({e(answer.notebook)}): {state}</li>")
        body.append("</ul>")
    body.extend(f'<p class="note">Note: {e(note)}</p>' for note in record.notes)
    weeks = " ".join(sorted({x.week for x in result.exercises if x.id in record.results}))
    body.append(
        f'<p class="note">Your inputs were drawn with seed {record.seed}: '
        f"<code>grade {e(weeks)} --seed {record.seed}</code> repeats this run on your code.</p>"
    )
    return page(title, body)


def write_feedback(out: Path, result: BatchResult) -> Path:
    """feedback/<student>.html for every student of the batch; return the folder."""
    folder = out / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    for name, record in result.records.items():
        (folder / f"{name}.html").write_text(student_page(record, result), encoding="utf-8")
    return folder
