"""`grade batch`: grade a whole class in parallel, with a gradebook and a class summary.

    grade batch TARGET... SUBMISSIONS_DIR [-o OUT_DIR] [--jobs N] [--force] [--seed N]
                [--timeout S] [--memory GIB] [--scheduler ADDRESS] [--quiet]
                [--roster CSV] [--course TOML] [--no-report]

Every folder (laid out like exercises/, or a flat upload) and every notebook in
SUBMISSIONS_DIR is one student, named after it (`alice/`, `bob.ipynb` -> alice, bob).
Students are graded at once, one per worker thread (one per core by default), each with
its exercises one at a time; the student code itself runs in the grader's isolated child
processes, so a hang or a crash costs that student its own time limit and nothing more.

OUT_DIR receives gradebook.csv, results/<student>.json (Gradescope's results.json),
summary.json (class averages and the most frequent mistakes per exercise) and cache.json.
The cache is kept per (student, exercise): its key is the student's files for that
exercise, that exercise's checks and reference, the seed and the limits. A rerun grades
only the pairs whose key changed, and merges them into what OUT_DIR already holds: grading
7.7 alone keeps the other exercises' columns; editing 7.7's checks regrades only 7.7.
`--roster` adds ids, names and emails and writes Canvas's and Moodle's import files;
`--course` sets the due date and the late policy (grader.course); see grader.outputs for
the feedback files and the class report. `--scheduler ADDRESS` runs the same per-student
grading on a Dask cluster.

The package, by concern: `run` (the command line and a whole run), `snapshots` (students
and their files), `fingerprints` (what a cached grade depends on), `execution` (grading
here or on Dask), `cache` (cache.json), `records` (what a batch produces), `gradebook`
(gradebook.csv) and `summary` (summary.json and the printed summary). Every name is
importable from `grader.batch` as well.
"""

from __future__ import annotations

from grader.batch.cache import (
    decode_check,
    decode_result,
    encode_result,
    grade_from_cache,
    load_cache,
    results_path,
    reusable,
    save_cache,
    save_outcome,
    write_json,
)
from grader.batch.execution import (
    CANCEL,
    DASK_HINT,
    describe,
    failed_outcome,
    finish_time,
    grade_locally,
    grade_on_cluster,
    grade_snapshot,
    grade_student,
    import_distributed,
    with_progress,
)
from grader.batch.fingerprints import (
    CACHE_FORMAT,
    FRONT_END_FOLDERS,
    FRONT_ENDS,
    common_fingerprint,
    exercise_files,
    exercise_fingerprint,
    grader_fingerprint,
    grader_sources,
    suite_modules,
)
from grader.batch.gradebook import (
    gradebook_rows,
    late_cells,
    note,
    write_gradebook,
)
from grader.batch.records import (
    BatchInterrupted,
    BatchResult,
    Outcome,
    StudentGrade,
)
from grader.batch.run import (
    build_parser,
    command,
    finish_batch,
    run_batch,
    write_reports,
)
from grader.batch.snapshots import (
    MODULE_NAMES,
    MODULE_PATHS,
    SKIPPED_NAMES,
    Settings,
    Snapshot,
    find_students,
    module_of,
    read_folder,
    same_path,
    skipped,
    snapshot,
    student_answers,
    student_seed,
)
from grader.batch.summary import (
    NUMBER,
    checks_max,
    exercise_summary,
    final_line,
    mistakes,
    normalise,
    plural,
    rank_diagnostics,
    render_summary,
    summarize,
    written_files,
)

__all__ = [
    "decode_check",
    "decode_result",
    "encode_result",
    "grade_from_cache",
    "load_cache",
    "results_path",
    "reusable",
    "save_cache",
    "save_outcome",
    "write_json",
    "CANCEL",
    "DASK_HINT",
    "describe",
    "failed_outcome",
    "finish_time",
    "grade_locally",
    "grade_on_cluster",
    "grade_snapshot",
    "grade_student",
    "import_distributed",
    "with_progress",
    "CACHE_FORMAT",
    "FRONT_END_FOLDERS",
    "FRONT_ENDS",
    "common_fingerprint",
    "exercise_files",
    "exercise_fingerprint",
    "grader_fingerprint",
    "grader_sources",
    "suite_modules",
    "gradebook_rows",
    "late_cells",
    "note",
    "write_gradebook",
    "BatchInterrupted",
    "BatchResult",
    "Outcome",
    "StudentGrade",
    "build_parser",
    "command",
    "finish_batch",
    "run_batch",
    "write_reports",
    "MODULE_NAMES",
    "MODULE_PATHS",
    "SKIPPED_NAMES",
    "Settings",
    "Snapshot",
    "find_students",
    "module_of",
    "read_folder",
    "same_path",
    "skipped",
    "snapshot",
    "student_answers",
    "student_seed",
    "NUMBER",
    "checks_max",
    "exercise_summary",
    "final_line",
    "mistakes",
    "normalise",
    "plural",
    "rank_diagnostics",
    "render_summary",
    "summarize",
    "written_files",
]
