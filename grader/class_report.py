"""The class report: one offline HTML page about a whole batch.

It shows, per exercise, a histogram of the scores (drawn with matplotlib, embedded as PNG
data URIs), the pass rate and the most frequent mistakes (ties shown), then the grading
time per student, the near-identical pairs of code (grader.similarity) with their
matching lines, and the roster's loose ends. The page loads nothing else: it can be
opened from disk, mailed, or archived.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.feedback import e, page
from grader.report import points
from grader.similarity import Pair
from grader.verdicts import FailureKind
from grader.wording import (
    REPORT_MOST_FREQUENT,
    REPORT_MOST_FREQUENT_TIED,
    REPORT_NOT_ATTEMPTED,
    REPORT_OTHER_MISTAKES,
    REPORT_WHO_FAILED,
    failures_by_kind,
    label,
)

if TYPE_CHECKING:
    from grader.batch import BatchResult


def png(figure: Any) -> str:
    """A matplotlib figure as an <img> with a data URI; the figure is closed."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="histogram" src="data:image/png;base64,{data}">'


def histogram(values: list[float], top: float, title: str, xlabel: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(4.2, 2.4))
    bins = max(1, min(20, int(top) + 1)) if top else 10
    axes.hist(values, bins=bins, range=(0, top or max(values, default=1) or 1), color="#3b6ea8")
    axes.set_title(title, fontsize=9)
    axes.set_xlabel(xlabel, fontsize=8)
    axes.set_ylabel("students", fontsize=8)
    axes.tick_params(labelsize=7)
    return png(figure)


def exercise_section(item: dict[str, Any]) -> list[str]:
    graded = item["graded"] or 1
    rate = 100.0 * item["passed"] / graded
    body = [
        f'<section class="exercise" id="ex-{e(item["id"])}"><h3>{e(item["id"])} '
        f"{e(item['title'])}</h3>",
        f"<p>average {item['average']:.1f}/{points(item['max_score'])}; "
        f"passed {item['passed']}/{item['graded']} ({rate:.0f}%); "
        f"{e(REPORT_NOT_ATTEMPTED.format(count=item['not_attempted']))}</p>",
        histogram(item["scores"], item["max_score"], f"{item['id']} scores", "points"),
    ]
    if item.get("kinds"):
        body.append(f'<p class="kinds">{e(failures_by_kind(item["kinds"]))}</p>')
    top = item["most_frequent_diagnostics"]
    if top:
        title = REPORT_MOST_FREQUENT if len(top) == 1 else REPORT_MOST_FREQUENT_TIED
        who = REPORT_WHO_FAILED.format(students=top[0]["students"], failed=item["failed"])
        body.append(f"<p><b>{e(title)}</b> {e(who)}</p>")
        body.append("<ul>" + "".join(f"<li>{e(d['check'])}: {e(d['message'])}</li>"
                                     for d in top) + "</ul>")  # fmt: skip
    others = item["diagnostics"][len(top) :]
    if others:
        body.append(f"<details><summary>{e(REPORT_OTHER_MISTAKES)}</summary><ul>" + "".join(
            f"<li>{d['students']} × {e(d['check'])}: {e(d['message'])}</li>" for d in others
        ) + "</ul></details>")  # fmt: skip
    body.append("</section>")
    return body


def pass_rates(summary: dict[str, Any]) -> list[str]:
    rows = ["<table id=\"pass-rates\"><tr><th>exercise</th><th>title</th><th>average</th>"
            f"<th>passed</th><th>pass rate</th><th>{e(label(FailureKind.NOT_ATTEMPTED))}</th>"
            "</tr>"]  # fmt: skip
    for item in summary["exercises"]:
        rate = 100.0 * item["passed"] / (item["graded"] or 1)
        rows.append(
            f'<tr><td><a href="#ex-{e(item["id"])}">{e(item["id"])}</a></td>'
            f"<td>{e(item['title'])}</td><td>{item['average']:.1f}/{points(item['max_score'])}"
            f"</td><td>{item['passed']}/{item['graded']}</td><td>{rate:.0f}%</td>"
            f"<td>{item['not_attempted']}</td></tr>"
        )
    rows.append("</table>")
    return rows


def times(result: BatchResult) -> list[str]:
    seconds = {name: record.seconds for name, record in result.records.items()}
    slowest = sorted(seconds.items(), key=lambda item: (-item[1], item[0]))
    body = [
        "<h2>Grading time per student</h2>",
        histogram(
            list(seconds.values()),
            max(seconds.values(), default=1.0) or 1.0,
            "seconds per student",
            "seconds",
        ),  # fmt: skip
        "<details><summary>Every student, slowest first</summary>"
        '<table id="times"><tr><th>student</th><th>seconds</th></tr>',
    ]
    body += [f"<tr><td>{e(name)}</td><td>{value:.1f}</td></tr>" for name, value in slowest]
    body.append("</table></details>")
    return body


def similarity(pairs: list[Pair]) -> list[str]:
    body = ["<h2>Near-identical code</h2>"]
    if not pairs:
        body.append("<p>No pair of students has near-identical code for an exercise "
                    "(stub and reference lines left out).</p>")  # fmt: skip
        return body
    body.append(f"<p>{len(pairs)} pair(s), most similar first. Marked: the code both share "
                "after identifiers are normalised.</p>")  # fmt: skip
    for pair in pairs:
        body.append(
            f'<section class="pair"><h3>{e(pair.exercise)}: {e(pair.first)} and '
            f"{e(pair.second)} ({pair.similarity:.0%} similar, {pair.shared} tokens)</h3>"
            "<table><tr><th>" + e(pair.first) + "</th><th>" + e(pair.second) + "</th></tr>"
            f"<tr><td><pre>{pair.first_html}</pre></td><td><pre>{pair.second_html}</pre></td>"
            "</tr></table></section>"
        )
    return body


def roster_lines(result: BatchResult) -> list[str]:
    if result.matching is None:
        return []
    lines = result.matching.lines()
    if not lines:
        return ["<h2>Roster</h2><p>Every submission matched one student, and every student "
                "submitted.</p>"]  # fmt: skip
    return ["<h2>Roster</h2><ul>", *(f"<li>{e(line.strip())}</li>" for line in lines), "</ul>"]


def report_page(result: BatchResult, pairs: list[Pair]) -> str:
    summary = result.summary
    title = f"{result.course.name}: class report"
    totals = [record.total for record in result.records.values()]
    body = [
        f"<h1>{e(title)}</h1>",
        f"<p>{summary['students']} students; class average {summary['average_total']:.1f}/"
        f"{points(summary['max_total'])} points (seed {summary['seed']}).</p>",
        histogram(totals, summary["max_total"], "total score", "points"),
        "<h2>Pass rates</h2>",
        *pass_rates(summary),
        "<h2>Exercises</h2>",
    ]
    for item in summary["exercises"]:
        body += exercise_section(item)
    body += times(result)
    body += similarity(pairs)
    body += roster_lines(result)
    if summary["ungradable"]:
        body.append("<h2>Could not be graded</h2><ul>" + "".join(
            f"<li>{e(name)}: {e(error)}</li>" for name, error in summary["ungradable"].items()
        ) + "</ul>")  # fmt: skip
    return page(title, body)


def write_report(out: Path, result: BatchResult, pairs: list[Pair]) -> Path:
    path = out / "report.html"
    path.write_text(report_page(result, pairs), encoding="utf-8")
    return path
