"""Every command a student reads, in README.md and in the week notebooks, run as written.

The commands are parsed out of the text (`student_shell`), so editing a command in the text
without updating its test fails here: `COVERED` must list exactly the commands the text
holds, each with the test that runs it or the reason it is not run as such. The commands
run in a fresh copy of the workbook (stubs untouched, as after a clone) with the venv
activated; each test checks what the student would see on the screen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import reference_source
from student_shell import (
    VENV,
    free_port,
    notebook_commands,
    readme_commands,
    run,
    section,
    stop_group,
    student_env,
    the_command,
    wait_http,
    workbook_copy,
)

from grader.registry import BY_ID, EXERCISES, WEEKS
from workbook.paths import ROOT

GRADE_RUN = "test_grade_command_shows_rows_feedback_and_a_whole_reproduce_command"
TRAIN_RUN = "test_training_commands"
COVERED = {
    'python3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt -e ".[dev]"':
        "not run here (it needs the package index): .ci/run runs it verbatim "
        "(test_ci_runs_the_readme_setup_and_test_commands), and "
        "test_setup_resolves_torch_to_the_cpu_build dry-runs its torch resolution offline",
    "source .venv/bin/activate": "test_activate_puts_the_venv_first",
    ".venv/bin/jupyter lab --notebook-dir=. notebooks/week17.ipynb":
        "test_jupyterlab.py::test_readme_command_serves_the_workbook_and_stub_links_open, "
        "test_notebook_browser.py",
    ".venv/bin/streamlit run interactive_labs/m07_deep_learning/"
    "pytorch_training_playground_app.py": "test_playground_command_serves_the_app",
    "grade progress": "test_grade_progress_commands",
    "grade progress --tick 1": "test_grade_progress_commands",
    "grade progress --details": "test_grade_progress_commands",
    "python scripts/train_cnn_pytorch.py": TRAIN_RUN,
    "python scripts/train_cnn_pytorch.py --reference": "test_full_reference_training",
    "python scripts/train_cnn_pytorch.py --reference --limit 500 --epochs 2": TRAIN_RUN,
    "python scripts/train_cnn_pytorch.py --limit 500 --epochs 2": TRAIN_RUN,
    **{f"grade {week}": GRADE_RUN for week in WEEKS},
    ".venv/bin/grade week17": GRADE_RUN,
    "grade 7.3": GRADE_RUN,
    "grade mlp": GRADE_RUN,
    "grade mlp-forward": GRADE_RUN,
    "grade week17 --seed 1234": GRADE_RUN,
    "grade week18 --submission notebooks/week18.ipynb": GRADE_RUN,
}  # fmt: skip
ALL_COMMANDS = list(dict.fromkeys(readme_commands() + notebook_commands()))
GRADE_COMMANDS = [c for c, test in COVERED.items() if test == GRADE_RUN]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh workbook (stubs untouched), shared by this module's read-only commands."""
    return workbook_copy(tmp_path_factory.mktemp("clone") / "workbook")


@pytest.fixture(scope="module")
def shell(workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a terminal in which the student activated the venv."""
    return student_env(workbook, tmp_path_factory.mktemp("home"))


def test_every_command_in_the_text_has_a_test() -> None:
    """Does every command in the README's student sections and the notebooks' text have a
    test here (or a stated reason), and does every listed command still appear?"""
    assert set(ALL_COMMANDS) == set(COVERED), (
        f"new in the text: {sorted(set(ALL_COMMANDS) - set(COVERED))}; "
        f"gone from the text: {sorted(set(COVERED) - set(ALL_COMMANDS))}"
    )


def test_ci_runs_the_readme_setup_and_test_commands() -> None:
    """Does .ci/run run exactly the README's setup command and its test command?"""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    setup = the_command(readme_commands(), "python3.11 -m venv")
    text = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    tests = section(text, "## Tests")
    test_command = re.search(r"```bash\n(.*?)\n```", tests, flags=re.DOTALL)
    assert test_command is not None
    assert setup in ci
    assert test_command.group(1) in ci


def test_activate_puts_the_venv_first(workbook: Path, shell: dict[str, str]) -> None:
    """After `source .venv/bin/activate`, do `grade` and `python` come from the venv?"""
    command = the_command(readme_commands(), "source ")
    env = {k: v for k, v in shell.items() if k not in ("VIRTUAL_ENV", "PATH")}
    env["PATH"] = os.environ["PATH"]
    done = run(f"{command} && command -v grade && command -v python", workbook, env)
    assert done.returncode == 0, done.stderr
    # The activate script names the venv by the path it was made at: this project's.
    found = [Path(path).resolve() for path in done.stdout.split()]
    assert found == [(VENV / "bin" / name).resolve() for name in ("grade", "python")]


@pytest.mark.parametrize("command", GRADE_COMMANDS)
def test_grade_command_shows_rows_feedback_and_a_whole_reproduce_command(
    workbook: Path, shell: dict[str, str], command: str
) -> None:
    """On untouched stubs: one row per exercise, "not implemented yet" feedback, exit 1,
    nothing on stderr, and a last line whose reproduce command is whole (it repeats the
    same targets and submission)?"""
    assert command in ALL_COMMANDS
    done = run(command, workbook, shell)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    targets = [word for word in command.split()[1:] if not word.startswith("-")]
    targets = [t for t in targets if t in BY_ID or t in WEEKS]
    ids = [e.id for e in EXERCISES if e.id in targets or e.week in targets]
    for exercise_id in ids:
        assert any(line.split()[:1] == [exercise_id] and "✗ failed" in line for line in lines)
    assert "not implemented yet" in done.stdout
    total = lines[-1]
    assert total.startswith("Total: 0/"), total
    hint = total.split("same inputs again: ")[1]
    assert hint.startswith(" ".join(["grade", *targets]))
    if "--submission" in command:
        assert "--submission notebooks/week18.ipynb" in hint
        assert "note: week18.ipynb holds no exercise code of its own" in done.stdout
    if "--seed" in command:
        assert hint == "grade week17 --seed 1234"
        again = run(command, workbook, shell).stdout
        assert again.split("Total:")[0] == done.stdout.split("Total:")[0]


def test_grade_progress_commands(workbook: Path, shell: dict[str, str]) -> None:
    """`grade progress`: does it say on stderr what it is running, print the numbered
    checklist, answer the second time within 3 s from its cache; does `--tick 1` tick item
    1 in exercises/self_assessment.txt; and does `--details` show mypy's and pytest's
    findings?"""
    commands = readme_commands()
    plain = the_command([c for c in commands if c == "grade progress"], "grade progress")
    first = run(plain, workbook, shell, timeout=600)
    assert first.returncode == 0, first.stderr
    for step in ("grading 15 exercises...", "mypy...", "pytest...", "pytest: failed in"):
        assert f"grade progress: {step}" in first.stderr, first.stderr
    assert (
        "   1. [ ] Understand how an artificial neuron mirrors a biological one.  " in first.stdout
    )
    assert "(self-assessed: grade progress --tick 1)" in first.stdout
    assert "pytest passes on your code.  (" in first.stdout
    assert "see grade progress --details" in first.stdout

    start = time.monotonic()
    second = run(plain, workbook, shell)
    seconds = time.monotonic() - start
    assert second.returncode == 0 and seconds < 3.0, (seconds, second.stderr)
    assert "results from the cache" in second.stdout and second.stderr == ""

    ticked = run(the_command(commands, "grade progress --tick"), workbook, shell)
    assert ticked.returncode == 0, ticked.stderr
    assert (
        "   1. [x] Understand how an artificial neuron mirrors a biological one." in ticked.stdout
    )
    ticks = (workbook / "exercises" / "self_assessment.txt").read_text(encoding="utf-8")
    assert "[x] Understand how an artificial neuron mirrors a biological one." in ticks
    assert "Your ticks are kept in exercises/self_assessment.txt." in ticked.stdout

    details = run(the_command(commands, "grade progress --details"), workbook, shell)
    assert details.returncode == 0, details.stderr
    assert "== mypy: passed ==" in details.stdout
    assert "== pytest: failed ==" in details.stdout and "NotImplementedError" in details.stdout


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook whose week 20 stub holds the reference: a student who has finished it."""
    root = workbook_copy(tmp_path_factory.mktemp("finished") / "workbook")
    exercise = BY_ID["cnn-train"]
    (root / "exercises" / exercise.path).write_text(reference_source(exercise), "utf-8")
    return root


def accuracy(stdout: str) -> float:
    last = stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"test accuracy: (\d+\.\d)%", last)
    assert match, last
    return float(match.group(1))


def test_training_commands(
    workbook: Path, finished: Path, shell: dict[str, str], tmp_path: Path
) -> None:
    """The training script as the README and week 20 write it: on untouched stubs, a
    one-line error that says what to do; with `--reference`, or on finished code, a short
    run that ends with `test accuracy: NN.N%` and writes the checkpoint and the curves?"""
    bare = "python scripts/train_cnn_pytorch.py"
    assert bare in readme_commands() and bare in notebook_commands()
    stub_run = run(bare, workbook, shell)
    assert stub_run.returncode == 1
    assert stub_run.stderr.strip().splitlines()[-1].startswith("error: `")
    assert "raises NotImplementedError; fill in its TODO, or pass --reference" in stub_run.stderr

    short = the_command(readme_commands(), "python scripts/train_cnn_pytorch.py --reference --")
    done = run(short, workbook, shell)
    assert done.returncode == 0, done.stderr
    assert "epoch  2/2" in done.stdout and accuracy(done.stdout) > 10.0
    assert (workbook / "runs" / "cnn" / "lenet.pt").is_file()
    assert (workbook / "runs" / "cnn" / "curves.png").read_bytes().startswith(b"\x89PNG")

    quick = the_command(notebook_commands(), "python scripts/train_cnn_pytorch.py --limit")
    mine = run(quick, finished, student_env(finished, tmp_path / "home"))
    assert mine.returncode == 0, mine.stderr
    assert "training exercises.week20.cnn_pytorch.LeNet on 500 images" in mine.stdout
    assert accuracy(mine.stdout) > 10.0
    stubbed = run(quick, workbook, shell)
    assert stubbed.returncode == 1 and "raises NotImplementedError" in stubbed.stderr


@pytest.mark.slow
def test_full_reference_training(workbook: Path, shell: dict[str, str]) -> None:
    """`python scripts/train_cnn_pytorch.py --reference` as written: 20 epochs on the 4,000
    bundled digits, one thread. Does it reach the README's "97%" (at least 96.5%) within
    its 5-minute budget (about 20 s on a quiet machine; the budget allows a busy one)?"""
    command = "python scripts/train_cnn_pytorch.py --reference"
    assert command in readme_commands()
    done = run(command, workbook, shell, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "epoch 20/20" in done.stdout
    assert accuracy(done.stdout) >= 96.5


def test_playground_command_serves_the_app(workbook: Path, shell: dict[str, str]) -> None:
    """Does the README's `streamlit run ...` start the playground and tell the student
    where to open it? (Streamlit's settings come from its STREAMLIT_* variables: a free
    port, no browser window, no usage statistics.)"""
    command = the_command(readme_commands(), ".venv/bin/streamlit run")
    port = free_port()
    env = {
        **shell,
        "STREAMLIT_SERVER_PORT": str(port),
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    log = workbook.parent / "streamlit.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["bash", "-c", command], cwd=workbook, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health", timeout=90)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert b"<title>Streamlit</title>" in page.read()
        shown = log.read_text(errors="replace")
        assert "You can now view your Streamlit app in your browser." in shown
        assert f"http://127.0.0.1:{port}" in shown
    finally:
        stop_group(process)


# The README's setup command resolved offline: pip reads the same constraints file, but the
# two indexes it would reach (PyPI and PyTorch's CPU index) are stand-ins on disk.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def fake_wheel(index: Path, project: str, version: str, requires: tuple[str, ...] = ()) -> None:
    """A minimal wheel with only its metadata, in a PEP 503 folder with an index.html."""
    folder = index / project
    folder.mkdir(parents=True, exist_ok=True)
    dist = f"{project.replace('-', '_')}-{version}"
    wheel = folder / f"{dist}-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(f"{dist}.dist-info/METADATA", metadata)
        archive.writestr(f"{dist}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\n"
                         "Root-Is-Purelib: true\nTag: py3-none-any\n")  # fmt: skip
        archive.writestr(f"{dist}.dist-info/RECORD", "")
    links = "".join(f'<a href="{w.name}">{w.name}</a>\n' for w in sorted(folder.glob("*.whl")))
    (folder / "index.html").write_text(f"<html><body>\n{links}</body></html>\n")


def test_setup_resolves_torch_to_the_cpu_build(tmp_path: Path) -> None:
    """Does the file the README's setup command gives pip (`-c constraints.txt`) carry the
    CPU index as a pip option and pin the CPU build; and does pip's resolver, offered both
    builds of torch 2.13.0 (PyPI's CUDA one with an nvidia dependency, and the CPU index's
    `+cpu` one), choose the CPU build, in a dry run that downloads nothing?

    The run is offline: the two indexes are folders of stand-in wheels, and the copy of
    constraints.txt pip reads differs from the real one only in the CPU index's address.
    """
    setup = the_command(readme_commands(), "python3.11 -m venv")
    file_name = re.search(r"-c (\S+)", setup)
    assert file_name is not None
    constraints = (ROOT / file_name.group(1)).read_text(encoding="utf-8")
    options = [line.split() for line in constraints.splitlines() if line.startswith("--")]
    assert options == [["--extra-index-url", CPU_INDEX]]
    assert "torch==2.13.0+cpu" in constraints.splitlines()

    pypi, cpu = tmp_path / "pypi", tmp_path / "cpu"
    fake_wheel(pypi, "torch", "2.13.0", ("nvidia-cublas-cu12==12.9",))
    fake_wheel(pypi, "nvidia-cublas-cu12", "12.9")
    fake_wheel(cpu, "torch", "2.13.0+cpu")
    offline = tmp_path / "constraints.txt"
    offline.write_text(constraints.replace(CPU_INDEX, cpu.as_uri()), encoding="utf-8")
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull  # not this machine's pip settings or wheel mirrors
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--report", str(report), "--index-url", pypi.as_uri(), "-c", str(offline),
         "torch==2.13.0"],  # as pyproject.toml asks for it
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    chosen = {item["metadata"]["name"]: item["metadata"]["version"]
              for item in json.loads(report.read_text())["install"]}  # fmt: skip
    assert chosen == {"torch": "2.13.0+cpu"}
    assert "Would install torch-2.13.0+cpu" in done.stdout

    # Without the file's option, the same resolver takes the CUDA build: the option matters.
    offline.write_text("torch==2.13.0\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--report", str(report), "--index-url", pypi.as_uri(), "-c", str(offline),
         "torch==2.13.0"],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    chosen = {item["metadata"]["name"]: item["metadata"]["version"]
              for item in json.loads(report.read_text())["install"]}  # fmt: skip
    assert chosen == {"torch": "2.13.0", "nvidia-cublas-cu12": "12.9"}, done.stdout

    # The real file with no CPU build to be had (the index empty, as when it is out of
    # reach): the install stops, naming the pin, rather than fall back to CUDA.
    shutil.rmtree(cpu / "torch")
    offline.write_text(constraints.replace(CPU_INDEX, cpu.as_uri()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--index-url", pypi.as_uri(), "-c", str(offline), "torch==2.13.0"],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode != 0 and "Would install" not in done.stdout
    assert "The user requested (constraint) torch==2.13.0+cpu" in done.stdout + done.stderr


def test_readme_states_the_install_size_and_time() -> None:
    """Does the Setup section give the venv's size and the install's time?"""
    setup = section(ROOT.joinpath("README.md").read_text(encoding="utf-8"), "## Setup")
    assert re.search(r"the venv takes \d+(\.\d)? GB", setup)
    assert re.search(r"took \d+ min \d+ s", setup)
