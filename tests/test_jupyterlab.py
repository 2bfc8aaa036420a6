"""A real JupyterLab server runs a notebook's check cell, the way a student's browser does;
and the README's JupyterLab command, run as written, serves the whole workbook.

The server gets a temporary root with the notebooks and an ``exercises/`` holding the
reference, a random free port and a token. The test opens a session for
``notebooks/week17.ipynb`` over the REST API, sends a check cell's code to the kernel over
its websocket (the JSON message protocol the JupyterLab front end uses), reads the ✓ verdict
from the stream output, and shuts the server down through the API, leaving no process
behind.

The kernel starts in ``notebooks/``; ``PYTHONPATH`` points at the root so that its
``exercises`` package is the reference copy (a student's kernel finds the workbook's own
``exercises/`` through the editable install).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from student_shell import (
    bash_lines,
    readme_text,
    start_lab,
    student_env,
    with_root_flag,
    workbook_copy,
)
from test_notebooks import write_tree

from grader.registry import EXERCISES
from workbook.paths import NOTEBOOKS

pytest.importorskip("jupyterlab")
# websocket-client is a dependency of jupyter_server, so it comes with JupyterLab.
websocket = pytest.importorskip("websocket")

START_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A running JupyterLab server and a tiny REST client for it."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        home = root.parent / "jupyter-home"
        env = {
            **os.environ,
            # Keep the user's Jupyter and IPython settings (and kernels) out of the test.
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "IPYTHONDIR": str(home / "ipython"),
            "PYTHONPATH": str(root),
            "MPLBACKEND": "Agg",
        }
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.log = log
        with log.open("wb") as out:
            # Its own session, so that a failed test can kill whatever it started.
            self.process = subprocess.Popen(
                command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"jupyter lab exited early:\n{self.log.read_text()[-3000:]}")
            try:
                self.request("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        pytest.fail(f"jupyter lab did not answer in {START_TIMEOUT:.0f} s")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def execute_over_websocket(server: Server, kernel_id: str, session_id: str, code: str) -> str:
    """Run ``code`` in the kernel through its channels websocket; return its stdout."""
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={session_id}"
    channel = websocket.create_connection(
        url, header=[f"Authorization: token {server.token}"], timeout=120
    )
    try:
        msg_id = uuid.uuid4().hex
        channel.send(json.dumps({
            "channel": "shell",
            "header": {
                "msg_id": msg_id, "msg_type": "execute_request", "session": session_id,
                "username": "student", "version": "5.3",
                "date": datetime.now(UTC).isoformat(),
            },
            "parent_header": {},
            "metadata": {},
            "content": {
                "code": code, "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True,
            },
            "buffers": [],
        }))  # fmt: skip
        stdout: list[str] = []
        while True:
            message = json.loads(channel.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                pytest.fail("the cell raised:\n" + "\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(stdout)
    finally:
        channel.close()


def gone(pid: int) -> bool:
    """No such process any more (a zombie waiting to be reaped counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_jupyterlab_runs_a_check_cell_and_shuts_down_cleanly(tmp_path: Path) -> None:
    """Can a student's JupyterLab open week 17, run `check("7.1")` in its kernel and see ✓,
    and does the server then stop without leaving its kernel running?"""
    root = write_tree(tmp_path / "workbook", "reference")
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    server = Server(root, tmp_path / "jupyter.log")
    try:
        server.wait_ready()
        session = server.request("POST", "/api/sessions", {
            "path": "notebooks/week17.ipynb", "name": "week17.ipynb", "type": "notebook",
            "kernel": {"name": "python3"},
        })  # fmt: skip
        kernel_id = session["kernel"]["id"]
        code = (
            "import os, exercises\n"
            "print('PID', os.getpid(), 'FROM', exercises.__file__)\n"
            "from grader.notebook import check\n"
            'check("7.1")\n'
        )
        output = execute_over_websocket(server, kernel_id, session["id"], code)
        assert "✓" in output and "✗" not in output, output
        assert "visible checks pass" in output
        pid_line = output.splitlines()[0].split()
        kernel_pid = int(pid_line[1])
        assert pid_line[3].startswith(str(root / "exercises")), output

        assert server.request("GET", "/api/sessions")[0]["path"] == "notebooks/week17.ipynb"
        server.request("POST", "/api/shutdown")
        assert server.process.wait(timeout=60) == 0
        deadline = time.monotonic() + 15
        while not gone(kernel_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert gone(kernel_pid), "the kernel outlived the server"
        with pytest.raises(ProcessLookupError):
            os.killpg(server.process.pid, 0)  # nothing left in the server's process group
    finally:
        server.kill()


def test_readme_command_serves_the_workbook_and_stub_links_open(tmp_path: Path) -> None:
    """Run as the README writes it, in a fresh workbook: does the JupyterLab command open
    week 17 in the browser, serve the whole workbook (not only notebooks/), and does every
    stub link in week 17 open its file through the Contents API?"""
    line = next(line for line in bash_lines(readme_text()) if line.startswith(".venv/bin/jupyter"))
    root = workbook_copy(tmp_path / "workbook")
    lab = start_lab(with_root_flag(line), root, student_env(root, tmp_path / "home"), tmp_path)
    try:
        assert urlsplit(lab.url).path == "/lab/tree/notebooks/week17.ipynb", lab.url
        assert f"Serving notebooks from local directory: {root}" in lab.log.read_text()
        listing = {item["name"] for item in lab.api("GET", "/api/contents/")["content"]}
        assert {"exercises", "notebooks", "scripts"} <= listing
        notebook = lab.api("GET", "/api/contents/notebooks/week17.ipynb")["content"]
        links = [
            target
            for cell in notebook["cells"]
            if cell["cell_type"] == "markdown"
            for target in re.findall(r"\]\(([^)]+\.py)\)", cell["source"])
        ]
        week17 = [e for e in EXERCISES if e.week == "week17"]
        assert len(links) == len(week17), links  # one per exercise of week 17
        for link in links:
            # JupyterLab resolves a markdown link against the notebook's folder.
            path = posixpath.normpath(posixpath.join("notebooks", link))
            model = lab.api("GET", "/api/contents/" + urllib.parse.quote(path))
            assert model["type"] == "file" and model["path"] == path
            assert model["content"] == (root / path).read_text(encoding="utf-8")
    finally:
        lab.stop()
