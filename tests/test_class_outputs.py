"""What a class gets out of `grade batch`: roster, LMS files, late penalties, feedback, the
class report, similarity, safe regrades and the rubric rows.

A four-student class graded on 7.6 and 7.7 (the quick exercises) serves most tests; the
penalty arithmetic and the similarity detector are tested on their own.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import reference_source

from grader import batch, rubric
from grader.course import LatePolicy, load_course
from grader.lms import CANVAS_COLUMNS, MOODLE_COLUMNS
from grader.penalties import nbgrader_time, penalty, submission_time
from grader.registry import BY_ID, UsageError
from grader.roster import Student, match, read_roster
from grader.similarity import find_pairs
from workbook.paths import ROOT

TARGETS = ["7.6", "7.7"]
VARIANTS = ROOT / "tests" / "golden" / "variants"
DUE = datetime(2026, 11, 20, 23, 59, tzinfo=UTC)
ROSTER = """id,name,email,section
s001,Ada Lovelace,ada@example.edu,A
s002,"Hopper, Grace",grace@example.edu,A
s003,Alan Turing,alan@example.edu,B
s004,Katherine Johnson,kj@example.edu,B
"""
COURSE = """
[assignment]
name = "Week 18"
due = 2026-11-20T23:59:00Z
[late]
grace_minutes = 15
percent_per_day = 10
max_percent = 50
zero_after_days = 7
[canvas]
assignment = "Week 18 (4242)"
[moodle]
grade_item = "Assignment: Week 18"
"""


def module(exercise_id: str, extra: str = "") -> str:
    return reference_source(BY_ID[exercise_id]) + extra


def variant(exercise_id: str, name: str) -> str:
    return (VARIANTS / exercise_id / f"{name}.py").read_text(encoding="utf-8")


def write_student(folder: Path, modules: dict[str, str], timestamp: str = "") -> None:
    for exercise_id, source in modules.items():
        path = folder / BY_ID[exercise_id].path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    if timestamp:
        (folder / "week18" / "timestamp.txt").write_text(timestamp, encoding="utf-8")


@pytest.fixture(scope="module")
def klass(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ada (correct, on time), Lovelace-less `hopper_grace` (buggy 7.6, 2 days late),
    `alan@example.edu` (copy of ada), `mystery` (not on the roster); Katherine missing."""
    root = tmp_path_factory.mktemp("class") / "submissions"
    buggy = variant("7.6", "sgd_stale_gradient")
    write_student(root / "ada", {"7.6": module("7.6"), "7.7": module("7.7")},
                  "2026-11-20 23:50:00.000000 UTC")  # fmt: skip
    write_student(root / "Hopper Grace_81234_assignsubmission_file_",
                  {"7.6": module("7.6", "\n\n" + buggy), "7.7": module("7.7")})  # fmt: skip
    (root / "Hopper Grace_81234_assignsubmission_file_" / "submission_metadata.json").write_text(
        json.dumps({"created_at": "2026-11-22T10:00:00+00:00"})
    )
    write_student(root / "alan@example.edu", {"7.6": module("7.6"), "7.7": module("7.7")},
                  "2026-11-29 00:00:00.000000 UTC")  # fmt: skip
    write_student(root / "mystery", {"7.7": module("7.7")}, "2026-11-20 22:00:00.000000 UTC")
    (root.parent / "roster.csv").write_text(ROSTER)
    (root.parent / "course.toml").write_text(COURSE)
    return root


@pytest.fixture(scope="module")
def graded(klass: Path) -> batch.BatchResult:
    out = klass.parent / "grades"
    return batch.run_batch(TARGETS, klass, out, jobs=2, roster=klass.parent / "roster.csv",
                           course=klass.parent / "course.toml", report=True)  # fmt: skip


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


# ---- roster -------------------------------------------------------------------------------


def test_roster_matches_folders_and_reports_the_unknown_and_the_missing(
    graded: batch.BatchResult, klass: Path
) -> None:
    """Are LMS-named, email-named and id-named folders matched; mystery and Katherine reported?"""
    assert graded.matching is not None
    matched = {folder: student.id for folder, student in graded.matching.students.items()}
    assert matched == {"ada": "s001", "Hopper Grace_81234_assignsubmission_file_": "s002",
                       "alan@example.edu": "s003"}  # fmt: skip
    assert graded.matching.unmatched == ["mystery"]
    assert [s.id for s in graded.matching.missing] == ["s004"]
    lines = "\n".join(graded.matching.lines())
    assert "'mystery' is not on the roster" in lines and "no submission from s004" in lines
    book = {row[0] or row[1]: row for row in rows((klass.parent / "grades") / "gradebook.csv")[1:]}
    assert book["mystery"][-1].startswith("not on the roster")
    assert book["s004"][-1] == "no submission"


def test_a_name_that_fits_two_students_is_not_guessed() -> None:
    """Does a folder matching two roster rows stay unmatched, with both ids named?"""
    roster = [Student("1", "Sam Lee"), Student("2", "Lee Sam")]
    found = match(["samlee", "x_2_y"], roster)
    assert found.unmatched == ["samlee"] and found.ambiguous == {"samlee": ["1", "2"]}
    assert found.students["x_2_y"].id == "2"


def test_a_roster_without_ids_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("name,email\nA,a@x\n")
    with pytest.raises(UsageError, match="needs an `id` column"):
        read_roster(tmp_path / "r.csv")


# ---- LMS files ----------------------------------------------------------------------------


def test_canvas_file_has_canvas_columns_and_the_final_scores(
    graded: batch.BatchResult, klass: Path
) -> None:
    """Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then the assignment column."""
    table = rows((klass.parent / "grades") / "canvas.csv")
    assert tuple(table[0][:5]) == CANVAS_COLUMNS == (
        "Student", "ID", "SIS User ID", "SIS Login ID", "Section")  # fmt: skip
    assert table[0][5] == "Week 18 (4242)"
    # Ada: on time, no penalty; Grace: 2 days late (-20%); Alan: 9 days late (0).
    ada = graded.records["ada"]
    grace = graded.records["Hopper Grace_81234_assignsubmission_file_"]
    assert ada.late is not None and ada.late.penalty == 0
    assert table[1:] == [
        ["Lovelace, Ada", "", "s001", "ada@example.edu", "A", f"{ada.total:g}"],
        ["Hopper, Grace", "", "s002", "grace@example.edu", "A", f"{grace.total * 0.8:g}"],
        ["Turing, Alan", "", "s003", "alan@example.edu", "B", "0"],
        ["Johnson, Katherine", "", "s004", "kj@example.edu", "B", ""],
    ]


def test_moodle_file_has_moodles_export_columns(graded: batch.BatchResult, klass: Path) -> None:
    """Moodle: First name, Surname, ID number, Institution, Department, Email address, item."""
    table = rows((klass.parent / "grades") / "moodle.csv")
    documented = ("First name", "Surname", "ID number", "Institution", "Department",
                  "Email address")  # fmt: skip
    assert tuple(table[0][:6]) == MOODLE_COLUMNS == documented
    assert table[0][6:] == ["Assignment: Week 18", "Feedback: Week 18"]
    ada = table[1]
    assert ada[:6] == ["Ada", "Lovelace", "s001", "", "", "ada@example.edu"]
    assert float(ada[6]) == graded.records["ada"].total
    assert table[2][:2] == ["Grace", "Hopper"] and "late 2 day(s)" in table[2][7]
    assert table[4][6] == ""  # Katherine: no submission, nothing imported


# ---- late penalties -----------------------------------------------------------------------

POLICY = LatePolicy(grace_minutes=15, percent_per_day=10, max_percent=50, zero_after_days=7)


@pytest.mark.parametrize(
    ("late", "days", "percent"),
    [
        (timedelta(0), 0, 0),
        (timedelta(minutes=15), 0, 0),  # the last second of grace is on time
        (timedelta(minutes=15, seconds=1), 1, 10),
        (timedelta(days=1), 1, 10),
        (timedelta(days=1, seconds=1), 2, 20),
        (timedelta(days=5), 5, 50),
        (timedelta(days=6), 6, 50),  # capped at max_percent
        (timedelta(days=7), 7, 50),  # exactly 7 days: still the capped penalty
        (timedelta(days=7, seconds=1), 8, 100),  # more than 7 days: zero
        (-timedelta(days=3), 0, 0),  # early
    ],
)
def test_penalty_arithmetic_at_the_boundaries(late: timedelta, days: int, percent: float) -> None:
    """Grace, per started day, the cap and zero-after-N-days, each at its edge."""
    result = penalty(40.0, DUE + late, DUE, POLICY)
    assert (result.days, result.percent) == (days, percent)
    assert result.penalty == pytest.approx(40.0 * percent / 100)
    assert result.final == pytest.approx(40.0 - result.penalty)


def test_submission_times_come_from_nbgrader_gradescope_or_file_times() -> None:
    """nbgrader's timestamp.txt, Gradescope's created_at, else the file time with a warning."""
    nb = submission_time({"week18/timestamp.txt": b"2026-11-21 01:00:00.000000 UTC"}, None)
    assert nb.time == datetime(2026, 11, 21, 1, tzinfo=UTC) and not nb.warning
    gs = submission_time({"submission_metadata.json": json.dumps(
        {"created_at": "2018-07-01T14:22:32.365935-07:00"}).encode()}, None)  # fmt: skip
    assert gs.source == "Gradescope created_at"
    assert gs.time == datetime(2018, 7, 1, 21, 22, 32, 365935, tzinfo=UTC)
    guess = submission_time({"a.py": b""}, DUE.timestamp())
    assert guess.time == DUE and "newest file time" in guess.warning
    assert nbgrader_time("2026-11-21 01:00:00.000000 +0100") == datetime(2026, 11, 21, tzinfo=UTC)


def test_gradebook_shows_raw_penalty_and_final(graded: batch.BatchResult, klass: Path) -> None:
    table = rows((klass.parent / "grades") / "gradebook.csv")
    header = table[0]
    assert header[:4] == ["student", "id", "name", "email"]
    assert header[-6:] == ["max", "submitted", "days_late", "penalty", "final", "note"]
    grace = next(r for r in table if r[1] == "s002")
    assert grace[header.index("days_late")] == "2"
    raw, cut = float(grace[header.index("total")]), float(grace[header.index("penalty")])
    assert cut == pytest.approx(raw * 0.2)
    assert float(grace[header.index("final")]) == pytest.approx(raw - cut)
    assert load_course(None).due is None


# ---- feedback and the class report -------------------------------------------------------


def test_feedback_files_hold_hints_but_no_hidden_check_source(
    graded: batch.BatchResult, klass: Path
) -> None:
    """Is there one self-contained page per student, with the hint and none of the checks?"""
    folder = (klass.parent / "grades") / "feedback"
    pages = {path.stem: path.read_text() for path in folder.glob("*.html")}
    assert set(pages) == set(graded.records)
    grace = pages["Hopper Grace_81234_assignsubmission_file_"]
    assert "Grace Hopper" in grace or "Hopper, Grace" in grace
    assert "evaluate grad_f at the current w" in grace  # the variant's hint
    assert "-20%" in grace
    check_lines = {
        line.strip() for path in (ROOT / "grader" / "checks").glob("*.py")
        for line in path.read_text().splitlines() if len(line.strip()) > 25
    }  # fmt: skip
    for text in pages.values():
        assert not re.search(r"<(script|link)\b|src=\"http", text)
        leaked = [line for line in check_lines if line in text]
        assert not leaked, leaked[:3]


def test_class_report_is_one_offline_page(graded: batch.BatchResult, klass: Path) -> None:
    page = ((klass.parent / "grades") / "report.html").read_text()
    assert page.count('src="data:image/png;base64,') == 1 + len(TARGETS) + 1
    assert "Pass rates" in page and "Grading time per student" in page
    assert "mystery&#x27; is not on the roster" in page
    assert not re.search(r"<(script|link)\b|src=\"http", page)


def test_report_renders_in_headless_chromium(
    graded: batch.BatchResult, klass: Path, tmp_path: Path
) -> None:
    """Does Chromium show the histograms (decoded images) and the pass-rate table?"""
    browser = pytest.importorskip("test_playground_browser")
    if not (browser.CHROMIUM.exists() and browser.CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver")
    webdriver = browser.webdriver
    options = webdriver.ChromeOptions()
    options.binary_location = str(browser.CHROMIUM)
    for flag in browser.CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    service = webdriver.ChromeService(executable_path=str(browser.CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(((klass.parent / "grades") / "report.html").as_uri())
        widths = driver.execute_script(
            "return [...document.images].map(i => i.complete ? i.naturalWidth : 0)"
        )
        assert len(widths) == 1 + len(TARGETS) + 1 and all(w > 100 for w in widths)
        rates = driver.execute_script(
            "return document.getElementById('pass-rates').rows.length")  # fmt: skip
        assert rates == 1 + len(TARGETS)
    finally:
        driver.quit()


# ---- similarity ---------------------------------------------------------------------------

RENAMES = {"w": "weight", "m": "first", "v": "second", "t": "step", "lr": "rate",
           "steps": "n_steps", "grad": "g", "beta1": "b1", "beta2": "b2"}  # fmt: skip


def renamed(source: str) -> str:
    return re.sub(r"\b\w+\b", lambda m: RENAMES.get(m.group(0), m.group(0)), source)


def files(exercise_id: str, source: str) -> dict[str, bytes]:
    return {BY_ID[exercise_id].path: source.encode()}


def test_similarity_finds_a_renamed_copy_and_ignores_independent_solutions() -> None:
    """A copy with renamed identifiers is flagged with its lines; two correct ones are not."""
    own = module("7.6", "\n\n" + variant("7.6", "adam_lists_of_moments") + "\n\n"
                 + variant("7.6", "sgd_recursive"))  # fmt: skip
    submissions = {
        "writer": files("7.6", own),
        "copier": files("7.6", renamed(own)),
        "reference": files("7.6", module("7.6")),
        "other": files(
            "7.6",
            module(
                "7.6",
                "\n\n" + variant("7.6", "adam_arrays") + "\n\n" + variant("7.6", "sgd_closed_form"),
            ),
        ),  # fmt: skip
    }
    assert renamed(own) != own
    pairs = find_pairs(["7.6"], submissions)
    assert [(p.first, p.second) for p in pairs] == [("copier", "writer")]
    assert pairs[0].similarity >= 0.8 and "<mark>" in pairs[0].first_html
    assert "first" in pairs[0].first_html  # the copier's own (renamed) names are shown


# ---- safe regrades ------------------------------------------------------------------------


def test_regrading_one_exercise_keeps_the_other_columns(klass: Path, tmp_path: Path) -> None:
    """`grade batch 7.7` into a folder graded on 7.6 and 7.7 regrades 7.7 and keeps 7.6."""
    out = tmp_path / "grades"
    batch.run_batch(TARGETS, klass, out, jobs=2)
    before = rows(out / "gradebook.csv")
    again = batch.run_batch(["7.7"], klass, out, jobs=2, force=True)
    after = rows(out / "gradebook.csv")
    assert after == before
    assert set(again.regraded) == set(again.records)
    assert all(ids == ["7.7"] for ids in again.regraded.values())


def test_a_check_edit_regrades_only_its_exercise(
    klass: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing 7.7's check suite invalidates 7.7's cached grades, and only those."""
    out = tmp_path / "grades"
    sources = batch.grader_sources()  # one reading: other files may change meanwhile
    edited = {
        **sources,
        "grader/checks/ex7_7/checks.py": sources["grader/checks/ex7_7/checks.py"] + b"\n#",
    }
    cached = (batch.exercise_files, batch.exercise_fingerprint, batch.common_fingerprint)
    try:
        for version in (sources, edited):
            # The fingerprints read grader_sources from their own module.
            monkeypatch.setattr(
                batch.fingerprints, "grader_sources", lambda version=version: version
            )
            for function in cached:
                function.cache_clear()
            rerun = batch.run_batch(TARGETS, klass, out, jobs=2)
    finally:
        monkeypatch.undo()
        for function in cached:
            function.cache_clear()
    assert rerun.regraded and all(ids == ["7.7"] for ids in rerun.regraded.values())
    assert set(rerun.regraded) == set(rerun.records)


# ---- the rubric ---------------------------------------------------------------------------


def test_rubric_rows_for_a_graded_class_keep_other_scopes(
    graded: batch.BatchResult, klass: Path, tmp_path: Path
) -> None:
    """One M07 row per checklist section and deliverable and student; M08's rows stay."""
    target = tmp_path / "rubrica.csv"
    target.write_text(",".join(rubric.COLUMNS) + "\nM08,ada,x,y,1,1,met,z\n")
    out = klass.parent / "grades"
    assert rubric.command(["--grades", str(out), str(klass), "-o", str(target)]) == 0
    table = rows(target)
    assert tuple(table[0]) == rubric.COLUMNS
    assert table[1] == ["M08", "ada", "x", "y", "1", "1", "met", "z"]
    ada = {row[2]: row for row in table if row[:2] == ["M07", "ada"]}
    assert len(ada) == 7 + 3
    assert ada["deliverable/cnn-training"][6] == "not graded"
    knowledge = ada["checklist/knowledge"]
    # "SGD, Momentum and Adam" needs 7.6 and mlp; mlp is not graded here.
    passed = graded.records["ada"].passed["7.6"]
    assert "7.6 " in knowledge[7] and knowledge[6] == ("not graded" if passed else "not met")
    assert ada["checklist/feynman"][6] == "not met"  # no notebook, nothing written
    # A rerun replaces the M07 rows instead of adding more.
    assert rubric.command(["--grades", str(out), str(klass), "-o", str(target)]) == 0
    assert len(rows(target)) == len(table)


def test_empty_submission_gets_a_note(tmp_path: Path) -> None:
    """Does an empty folder get a note saying so, not a blank one?"""
    (tmp_path / "class" / "empty").mkdir(parents=True)
    shutil.copytree(tmp_path / "class" / "empty", tmp_path / "class" / "also-empty")
    result = batch.run_batch(["7.7"], tmp_path / "class", tmp_path / "out")
    assert "empty submission" in result.records["empty"].error
    assert "empty submission" in rows(tmp_path / "out" / "gradebook.csv")[1][-1]


# ---- wording ------------------------------------------------------------------------------


def student_with(mistake: str) -> batch.StudentGrade:
    from grader.report import CheckResult, ExerciseResult

    checks = [CheckResult("a", "first check", 0.0, 1.0, False, mistake),
              CheckResult("b", "second check", 1.0, 1.0, True)]  # fmt: skip
    return batch.StudentGrade("x", {"7.7": ExerciseResult(BY_ID["7.7"], checks)})


def test_tied_mistakes_are_all_shown_and_counts_are_worded_right() -> None:
    """Two mistakes made by two students each: both are 'most frequent', in a fixed order."""
    records = {f"s{i}": student_with(text) for i, text in
               enumerate(["off by 0.5", "off by 7", "sign flipped", "sign flipped"])}  # fmt: skip
    summary = batch.summarize(records, [BY_ID["7.7"]], seed=0)
    top = summary["exercises"][0]["most_frequent_diagnostics"]
    assert [(d["message"], d["students"]) for d in top] == [("off by 0.5", 2), ("sign flipped", 2)]
    text = batch.render_summary(summary)
    assert "most frequent mistakes, tied (2 of 4 who failed each)" in text
    assert batch.plural(1, "student") == "1 student" and batch.plural(2, "student") == "2 students"
