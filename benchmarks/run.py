"""Run the benchmarks and write benchmarks/RESULTS.md (and the raw numbers, results.json).

    python benchmarks/run.py            # the full set (about 70 minutes on 2 cores)
    python benchmarks/run.py --quick    # a smoke run (a few minutes): small class, no Fashion
    python benchmarks/run.py --only cnn,training

Sections: grading (`grade` / `grade batch` against `nbgrader autograde`, and the scaling grid),
cnn (NumPy forward against torch.nn.functional), training (time to accuracy). A run with
--only keeps the other sections' last results in results.json, and the table shows them all;
`--only scaling --scaling 100 --work DIR` adds grid points on the class a run left in DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Idle OpenMP threads sleep instead of spinning (read when torch loads), as in the training
# script: spinning threads distort every timing on a small shared machine.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from common import load, machine  # noqa: E402
from report import render  # noqa: E402

SECTIONS = ("grading", "scaling", "cnn", "training")


def ints(text: str) -> list[int]:
    return [int(item) for item in text.split(",") if item]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--only",
        default="grading,cnn,training",
        help="comma-separated sections (scaling: only more grid points, with --work of a run)",
    )
    parser.add_argument("--students", type=int, help="class size (default 200; quick 20)")
    parser.add_argument(
        "--nbgrader-subset",
        type=int,
        help="students nbgrader grades (default: the whole class; quick 4)",
    )
    parser.add_argument("--reps", type=int, help="single-submission repeats (default 5; quick 2)")
    parser.add_argument(
        "--floor-sample",
        type=int,
        help="students whose floor is measured, for the class's (default 20; quick 4)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="grade batch workers for the class")
    parser.add_argument(
        "--scaling", type=ints, help="class sizes (default 1,10,100,200; quick 1,10)"
    )
    parser.add_argument("--scaling-jobs", type=ints, default=[1, 2], help="worker counts")
    parser.add_argument("--threads", type=ints, default=[1, 2], help="CNN thread counts")
    parser.add_argument("--epochs", type=int, default=20, help="mnist_5k epochs (default 20)")
    parser.add_argument(
        "--fashion-epochs", type=int, help="Fashion-MNIST epochs (default 3; quick 0 = skip)"
    )
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite RESULTS.md from results.json"
    )
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--markdown", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {
        "students": 20 if quick else 200,
        "nbgrader_subset": 4 if quick else None,
        "reps": 2 if quick else 5,
        "floor_sample": 4 if quick else 20,
        "scaling": [1, 10] if quick else [1, 10, 100, 200],
        "fashion_epochs": 0 if quick else 3,
    }
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.nbgrader_subset is None:
        args.nbgrader_subset = args.students
    unknown = set(args.only.split(",")) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    results: dict[str, Any] = {}
    if args.results.exists():
        results = json.loads(args.results.read_text(encoding="utf-8"))
    if args.render_only:
        args.markdown.write_text(render(results), encoding="utf-8")
        return 0
    chosen = [section for section in SECTIONS if section in args.only.split(",")]
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    run_info: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "load_start": load(),
        "machine": machine(),
        "settings": settings,
    }
    print(f"load average at start: {run_info['load_start']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        work = args.work or Path(scratch)
        for section in chosen:
            print(f"== {section}", flush=True)
            start = time.perf_counter()
            if section == "grading":
                import grading

                value = grading.run(
                    work / "grading",
                    args.students,
                    args.nbgrader_subset,
                    args.reps,
                    args.jobs,
                    args.scaling,
                    args.scaling_jobs,
                    args.floor_sample,
                )
            elif section == "scaling":  # more grid points for the class of the last run
                import grading

                if "grading" not in results:
                    raise SystemExit("--only scaling needs a grading section in results.json")
                manifest = grading.make_class(work / "grading" / "class", args.students)
                rows = grading.scale(work / "grading", manifest, args.scaling, args.scaling_jobs)
                old = results["grading"]["scaling"]
                new = {(row["n"], row["jobs"]) for row in rows}
                grid = [row for row in old if (row["n"], row["jobs"]) not in new] + rows
                results["grading"]["scaling"] = sorted(grid, key=lambda r: (r["n"], r["jobs"]))
                args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
                continue
            elif section == "cnn":
                import cnn

                value = cnn.run(args.threads)
            else:
                import training

                value = training.run(args.epochs, args.fashion_epochs, args.quick)
            value["run"] = {**run_info, "quick": args.quick}
            value["section_s"] = time.perf_counter() - start
            results[section] = value
            args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    run_info["load_end"] = load()
    results["last_run"] = run_info
    args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    args.markdown.write_text(render(results), encoding="utf-8")
    print(f"load average at end: {run_info['load_end']}; wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
