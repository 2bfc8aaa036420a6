"""Helpers for tests that run the commands a student reads, exactly as written.

The commands are parsed out of README.md and the week notebooks, so a test breaks when the
text changes. They run with ``bash -c`` in a fresh copy of the workbook (``workbook_copy``)
whose ``.venv`` is a link to this project's venv, with the venv's ``bin/`` first on PATH as
``source .venv/bin/activate`` would put it, and ``PYTHONPATH`` pointing at the copy (the
editable install would otherwise import this checkout's packages, and with them its
``exercises/``). Only the environment is arranged; the command line is the one printed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.paths import NOTEBOOKS, ROOT

README = ROOT / "README.md"
VENV = ROOT / ".venv"
# The README's sections written for students (the instructor and grader sections have their
# own tests: nbgrader, batch, Gradescope).
STUDENT_SECTIONS = (
    "## Setup",
    "## How a student works",
    "## Interactive lab",
)
# What a student types at a shell prompt, as opposed to code or a file name in backticks.
COMMAND_START = ("grade ", "python ", "python3", ".venv/bin/", "source ", "jupyter ", "pip ")
COPIED = ("grader", "workbook", "solutions", "exercises", "notebooks", "scripts",
          "interactive_labs", "README.md", "pyproject.toml", "constraints.txt")  # fmt: skip
IGNORED = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc", "runs")


def section(markdown: str, heading: str) -> str:
    """The text of the `## ...` section whose heading starts with `heading`."""
    start = markdown.index("\n" + heading) + 1
    following = markdown.find("\n## ", start + len(heading))
    return markdown[start : following if following != -1 else len(markdown)]


def split_comment(line: str) -> tuple[str, str]:
    """(command, comment) of a shell line: `cmd   # as root, add --allow-root`."""
    match = re.match(r"^(.*?)\s+#\s*(.*)$", line)
    return (match.group(1).strip(), match.group(2)) if match else (line.strip(), "")


def bash_lines(markdown: str) -> list[str]:
    """Each line of each ```bash block, its comment included."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", markdown, flags=re.DOTALL):
        lines += [line.strip() for line in block.splitlines() if line.strip()]
    return lines


def inline_commands(markdown: str) -> list[str]:
    """Code spans that are whole commands: they start like one and have an argument."""
    spans = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", markdown)
    return [span for span in spans if span.startswith(COMMAND_START) and " " in span]


def commands_in(markdown: str) -> list[str]:
    """Every command in `markdown`, in order, without repeats (comments dropped)."""
    found = [split_comment(line)[0] for line in bash_lines(markdown)]
    return list(dict.fromkeys(found + inline_commands(markdown)))


def readme_text() -> str:
    text = README.read_text(encoding="utf-8")
    return "\n".join(section(text, heading) for heading in STUDENT_SECTIONS)


def readme_commands() -> list[str]:
    return commands_in(readme_text())


def notebook_markdown() -> str:
    parts = []
    for path in sorted(NOTEBOOKS.glob("week*.ipynb")):
        document = json.loads(path.read_text(encoding="utf-8"))
        parts += ["".join(c["source"]) for c in document["cells"] if c["cell_type"] == "markdown"]
    return "\n\n".join(parts)


def notebook_commands() -> list[str]:
    return commands_in(notebook_markdown())


def the_command(commands: list[str], start: str) -> str:
    """The one command that starts with `start`; fails when the text no longer has it."""
    found = [command for command in commands if command.startswith(start)]
    assert len(found) == 1, f"expected one command starting {start!r}, found {found}"
    return found[0]


def with_root_flag(line: str) -> str:
    """The command of a README line, plus what its comment says to add when run as root."""
    command, comment = split_comment(line)
    extra = re.match(r"as root, add (\S+)", comment)
    return f"{command} {extra.group(1)}" if extra and os.geteuid() == 0 else command


def workbook_copy(target: Path) -> Path:
    """A fresh workbook: this checkout's files (no venv, caches or runs) plus a `.venv` link."""
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORED)
        else:
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(VENV, target_is_directory=True)
    return target


def student_env(root: Path, home: Path) -> dict[str, str]:
    """A shell after `source .venv/bin/activate` in `root`, with an empty home."""
    home.mkdir(parents=True, exist_ok=True)
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_", "JUPYTER", "PIP_"))}  # fmt: skip
    return {
        **keep,
        "HOME": str(home),
        "PATH": f"{root / '.venv' / 'bin'}{os.pathsep}{keep.get('PATH', '')}",
        "VIRTUAL_ENV": str(root / ".venv"),
        "PYTHONPATH": str(root),
        "MPLBACKEND": "Agg",
    }


def run(command: str, root: Path, env: dict[str, str], timeout: float = 300) -> Any:
    """`bash -c command` in `root`: what the student would see (stdout, stderr, status)."""
    return subprocess.run(["bash", "-c", command], cwd=root, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, SIGKILL it if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Lab:
    """JupyterLab started by the README's command, and the URL it opened in "the browser".

    Attributes:
        opened: what JupyterLab handed the browser (a file:// page that redirects).
        url: the http:// address that page redirects to, token included.
    """

    process: subprocess.Popen[bytes]
    log: Path
    port: int
    token: str
    opened: str
    url: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def stop(self) -> None:
        try:
            self.api("POST", "/api/shutdown")
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        stop_group(self.process)


def start_lab(command: str, root: Path, env: dict[str, str], scratch: Path) -> Lab:
    """Run the README's JupyterLab command in `root` as a student would.

    Only the surroundings are set: Jupyter's config, data and runtime folders are empty
    ones under `scratch` (a student's first start), the config file picks a free port and a
    token, and the BROWSER variable (which Python's webbrowser module, and so JupyterLab,
    honours) names a script that writes down the address instead of opening a window.
    """
    port, token = free_port(), secrets.token_hex(16)
    config = scratch / "jupyter-config"
    config.mkdir(parents=True)
    (config / "jupyter_server_config.json").write_text(json.dumps({
        "ServerApp": {"ip": "127.0.0.1", "port": port, "port_retries": 0},
        "IdentityProvider": {"token": token},
    }))  # fmt: skip
    opened_file = scratch / "opened-url.txt"
    browser = scratch / "record-url"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened_file}"\n')
    browser.chmod(0o755)
    lab_env = {
        **env,
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_DATA_DIR": str(scratch / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "jupyter-runtime"),
        "IPYTHONDIR": str(scratch / "ipython"),
        "BROWSER": f"{browser} %s",
    }
    log = scratch / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["bash", "-c", command], cwd=root, env=lab_env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while not opened_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_group(process)
            raise AssertionError(f"JupyterLab opened no browser:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
    time.sleep(0.2)  # the script has written the whole line
    opened = opened_file.read_text()
    url = redirect_target(opened)
    return Lab(process, log, port, token, opened, url)


def redirect_target(opened: str) -> str:
    """The http:// address in the redirect page JupyterLab gives the browser (or the
    address itself, when it gives one directly)."""
    if not opened.startswith("file://"):
        return opened
    page = Path(urllib.request.url2pathname(opened.removeprefix("file://"))).read_text()
    match = re.search(r'url=(http[^"]+)"', page)
    assert match, page
    return match.group(1).replace("&amp;", "&")


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
