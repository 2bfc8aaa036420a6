"""The child's filesystem and network sandbox, closed before the student's module is imported.

The grader (parent) plans the sandbox: which paths the child may read (the Python
installation, the system libraries, the submission) and write (its own temporary
directory), and which paths hold answers (the reference solutions, the hidden checks, the
project's other files). The child applies the plan to itself, in this order:

1. A new network namespace (root, or an unprivileged user namespace where the kernel allows
   one): no interface but a loopback that is down, so no TCP, UDP or anything else leaves.
2. Linux Landlock (unprivileged, in-process; ABI 4+ for TCP): reads only under the
   allowed paths, writes only under the temporary directory, no TCP bind or connect, and
   (ABI 6+) no signals to or abstract sockets of processes outside the sandbox, such as
   the grader. Every later thread and process the student's code starts inherits it.
3. An audit hook (`sys.addaudithook`, which cannot be removed) that recognises an import
   of the reference or the hidden checks, or an open or listing of their files, refuses
   it, and records it, so the exercise fails with one plain line: "your code used the
   reference solutions (...); write your own".

Where Landlock is missing (an old kernel, macOS, a container that forbids it), the audit
hook alone guards the answers: it blocks the same imports and file reads, but code that
goes around Python (ctypes, a subprocess) is not stopped. `containment_mode()` and the
report's header say which applies.

Why Landlock rather than bubblewrap: it needs no privileges and no extra process, costs
well under a millisecond per child, and is applied by the child to itself after it has
joined its cgroup, so the rest of the containment (subreaper, pids cgroup, tree kill)
is unchanged. bubblewrap would wrap every child in a new mount namespace, a second
process and a setuid or user-namespace dependency.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import json
import os
import platform
import site
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Set GRADER_SANDBOX=0 to skip Landlock and the network namespace (the import guard stays).
SANDBOX_VARIABLE = "GRADER_SANDBOX"
# More folders that hold answers, separated by ":" (run_autograder names the bundle's source).
SECRETS_VARIABLE = "GRADER_SECRET_DIRS"

# Packages of this project whose files hold answers, and how a report names each.
# A folder with a label holds answers: reading it fails the exercise with that label. One
# without is only out of reach (the grader's own code: a library may read its source lines
# for a warning, which is no borrowing).
SECRET_PACKAGES = {"solutions": "the reference solutions", "grader": "", "workbook": ""}
# Folders of a source checkout that are out of reach too (golden variants are solutions).
SECRET_FOLDERS = {**SECRET_PACKAGES, "tests": "the grader's test answers"}
HIDDEN_CHECKS = ("checks", "the grader's hidden checks")  # inside each grader folder
# Imported modules that count as borrowing answers (by dotted prefix).
SECRET_MODULES = {
    "solutions": "the reference solutions",
    "grader.checks": "the grader's hidden checks",
    "tests": "the grader's test answers",
}
SYSTEM_READ = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc", "/sys")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full")

# ---- Landlock constants (linux/landlock.h) -----------------------------------------------

SYS_CALLS = {  # (create_ruleset, add_rule, restrict_self); the same on every Linux arch
    "x86_64": (444, 445, 446),
    "aarch64": (444, 445, 446),
}
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6

READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
# Rights that make sense on a file (not a directory): anything else is EINVAL there.
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV


def fs_rights(abi: int) -> int:
    """Every filesystem right the kernel's Landlock ABI knows (all of them are handled)."""
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


class RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class SandboxError(Exception):
    """The sandbox could not be closed as planned (the child reports it and stops)."""


# ---- The plan (made by the grader) -------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    """A directory out of the child's reach, and how a report names the answers it holds
    ("" when reading it is refused without a verdict)."""

    path: str
    label: str


@dataclass(frozen=True)
class Plan:
    """What one child may touch. Plain data: it travels to the child as JSON.

    Attributes:
        read: directories and files the child may read (and execute).
        write: directories the child may read and write (its temporary directory).
        secrets: directories that hold answers; reading them, or importing from them,
            fails the exercise. `read` never lies over them.
        containers: directories that hold secrets and other project files (a source
            checkout, an autograder bundle): never readable as a whole.
        landlock: apply Landlock and a network namespace (False: the import guard only).
    """

    read: list[str]
    write: list[str]
    secrets: list[Secret]
    containers: list[str] = field(default_factory=list)
    landlock: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> Plan:
        data = json.loads(text)
        secrets = [Secret(**item) for item in data.pop("secrets")]
        return Plan(secrets=secrets, **data)


def real(path: str | Path) -> str:
    return os.path.realpath(path)


def inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or below it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@functools.cache
def secret_folders() -> tuple[tuple[Secret, ...], tuple[str, ...]]:
    """Where this installation keeps answers: the packages wherever they are installed,
    and, in a source checkout or an autograder bundle, the project's own folders."""
    secrets: dict[str, str] = {}
    containers: set[str] = set()
    for package, label in SECRET_PACKAGES.items():
        for folder in package_folders(package):
            secrets.setdefault(folder, label)
    for folder in list(secrets):
        project = os.path.dirname(folder)
        if os.path.isfile(os.path.join(project, "pyproject.toml")):
            containers.add(project)
            for name, label in SECRET_FOLDERS.items():
                candidate = os.path.join(project, name)
                if os.path.isdir(candidate):
                    secrets.setdefault(real(candidate), label)
    for folder in os.environ.get(SECRETS_VARIABLE, "").split(":"):
        if folder and os.path.isdir(folder):
            containers.add(real(folder))
            for name, label in SECRET_FOLDERS.items():
                candidate = os.path.join(folder, name)
                if os.path.isdir(candidate):
                    secrets.setdefault(real(candidate), label)
    for folder, label in list(secrets.items()):
        checks = os.path.join(folder, HIDDEN_CHECKS[0])
        if not label and os.path.basename(folder) == "grader" and os.path.isdir(checks):
            secrets[real(checks)] = HIDDEN_CHECKS[1]
    found = tuple(Secret(path, label) for path, label in sorted(secrets.items()))
    return found, tuple(sorted(containers))


def package_folders(package: str) -> list[str]:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return [real(folder) for folder in spec.submodule_search_locations if os.path.isdir(folder)]


@functools.cache
def python_folders() -> tuple[str, ...]:
    """The Python installation the child runs: prefixes, the stdlib, site-packages and
    whatever else is on the import path (a `.pth` file may add folders); the project's own
    folders among them are carved out later."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    folders.update(site.getsitepackages())
    folders.update(entry for entry in sys.path if entry and os.path.isabs(entry))
    folders.add(os.path.dirname(sys.executable))
    folders.update(real(folder) for folder in list(folders))
    return tuple(sorted(folder for folder in folders if os.path.exists(folder)))


def make_plan(submission: Path, workdir: Path) -> Plan:
    """The sandbox of one child: read the Python installation, the system and the
    submission, write `workdir`, and nothing of the project's answers."""
    secrets, containers = secret_folders()
    read = [*python_folders(), *SYSTEM_READ, real(submission)]
    return Plan(
        read=[folder for folder in read if os.path.exists(folder)],
        write=[real(workdir)],
        secrets=list(secrets),
        containers=list(containers),
        landlock=sandbox_enabled(),
    )


def sandbox_enabled() -> bool:
    return os.environ.get(SANDBOX_VARIABLE, "1") != "0"


def sandbox_mode() -> str:
    """How each child is sandboxed on this machine, in one line."""
    abi = landlock_abi()
    if sandbox_enabled() and abi >= 1:
        tcp = "no TCP" if abi >= 4 else "TCP not covered (ABI < 4)"
        signals = ", no signals out" if abi >= 6 else ""
        return (
            f"Landlock ABI {abi} sandbox (reads: Python, system, submission; writes: its "
            f"temporary directory; {tcp}{signals}) and its own network namespace where the "
            "kernel allows one"
        )
    why = f"{SANDBOX_VARIABLE}=0" if not sandbox_enabled() else "no Landlock in this kernel"
    return (
        f"import guard only ({why}): imports and Python-level reads of the answers fail the "
        "exercise, but file reads, writes and the network are not blocked"
    )


def guard_only() -> bool:
    """Whether children get only the import guard (no Landlock): reports say so."""
    return not (sandbox_enabled() and landlock_abi() >= 1)


def carve(
    allowed: Iterable[str], secrets: Iterable[str], containers: Iterable[str] = ()
) -> list[str]:
    """Paths that together allow everything under `allowed` except the secrets.

    Landlock only ever adds access, so a folder that holds a secret or a container is
    replaced by its entries, recursively, leaving those out. A path inside a secret is
    dropped; a path inside a container (the virtual environment in a source checkout)
    is kept, as long as it holds no secret itself.
    """
    secret = [real(path) for path in secrets]
    blocked = secret + [real(path) for path in containers]
    result: list[str] = []
    for path in allowed:
        path = real(path)
        if any(inside(path, stop) for stop in secret):
            continue
        holds = [stop for stop in blocked if inside(stop, path)]
        result.extend(carve_one(path, holds))
    return sorted(set(result))


def carve_one(path: str, blocked: list[str]) -> list[str]:
    holds = [stop for stop in blocked if inside(stop, path)]
    if not holds:
        return [path]
    if not os.path.isdir(path) or os.path.islink(path):
        return []
    kept: list[str] = []
    try:
        entries = sorted(os.listdir(path))
    except OSError:
        return []
    for entry in entries:
        child = os.path.join(path, entry)
        if os.path.islink(child):
            target = real(child)
            if not any(inside(target, stop) for stop in blocked):
                kept.append(target)
            continue
        if any(inside(child, stop) for stop in blocked):
            continue
        kept.extend(carve_one(child, blocked))
    return kept


# ---- Applying it (in the child) ----------------------------------------------------------


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 where there is none."""
    if platform.system() != "Linux" or platform.machine() not in SYS_CALLS:
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        version = int(
            libc.syscall(SYS_CALLS[platform.machine()][0], None, 0, CREATE_RULESET_VERSION)
        )
    except (OSError, AttributeError):
        return 0
    return max(version, 0)


def apply_plan(plan: Plan) -> str:
    """Close the sandbox around this process; return a one-line account of it.

    Raises:
        SandboxError: Landlock exists but could not be applied (the child must not go on).
    """
    if not plan.landlock:
        return "import guard only (GRADER_SANDBOX=0)"
    network = isolate_network()
    abi = landlock_abi()
    if abi < 1:
        return f"import guard only (no Landlock in this kernel); network: {network}"
    if threads() > 1:
        raise SandboxError("the child started threads before its sandbox closed")
    secrets = [secret.path for secret in plan.secrets]
    read = carve(plan.read, secrets, plan.containers)
    write = carve(plan.write, secrets, plan.containers)
    restrict(abi, read, write)
    tcp = "TCP blocked" if abi >= 4 else "TCP not covered (Landlock ABI < 4)"
    return f"Landlock ABI {abi}; network: {network}, {tcp}"


def isolate_network() -> str:
    """Move this process into a new network namespace: nothing to connect to."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) == 0:
        return "own namespace"
    if threads() == 1 and libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return "own user and network namespace"
    return "shared with the host"


def threads() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 1


def restrict(abi: int, read: list[str], write: list[str]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    create, add_rule, restrict_self = SYS_CALLS[platform.machine()]
    rights = fs_rights(abi)
    attr = RulesetAttr(rights, 0, 0)
    size = ctypes.sizeof(RulesetAttr)
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
    else:
        size = 16 if abi >= 4 else 8
    ruleset = libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        raise SandboxError(f"landlock_create_ruleset failed ({os.strerror(ctypes.get_errno())})")
    try:
        rules = [(path, READ) for path in read]
        rules += [(path, rights) for path in write]
        rules += [(device, FS_READ_FILE | FS_WRITE_FILE) for device in DEVICES]
        for path, access in rules:
            add_path(libc, add_rule, ruleset, path, access & rights)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise SandboxError("prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(restrict_self, ruleset, 0) != 0:
            error = os.strerror(ctypes.get_errno())
            raise SandboxError(f"landlock_restrict_self failed ({error})")
    finally:
        os.close(ruleset)


def add_path(libc: Any, add_rule: int, ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # gone, or never there: nothing to allow
    try:
        if not os.path.isdir(path):
            access &= FILE_RIGHTS
        rule = PathBeneathAttr(access, fd)
        if libc.syscall(add_rule, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule), 0) != 0:
            error = os.strerror(ctypes.get_errno())
            raise SandboxError(f"landlock_add_rule({path}) failed ({error})")
    finally:
        os.close(fd)


# ---- The import guard (an audit hook in the child) ---------------------------------------


class BorrowedAnswers(PermissionError):
    """Raised into student code that reaches for the reference or the hidden checks."""


@dataclass
class Guard:
    """Recognises, refuses and remembers every reach for the answers.

    Attributes:
        secrets: the folders that hold answers.
        borrowed: the first reach, as the one line the report shows ("" while none).
        armed: acts only once set, just before the student's module is imported.
        mode: how the sandbox closed, in one line (`apply_plan`'s account).
    """

    secrets: list[Secret]
    borrowed: str = ""
    armed: bool = False
    mode: str = ""

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        reason = ""
        if event == "import" and args and isinstance(args[0], str):
            reason = self.module_reason(args[0])
        elif event in ("open", "os.listdir", "os.scandir", "os.chdir", "shutil.copyfile"):
            if args and isinstance(args[0], (str, bytes, os.PathLike)):
                reason = self.path_reason(args[0])
        if reason:
            if not self.borrowed:
                self.borrowed = reason
            raise BorrowedAnswers(reason)

    def module_reason(self, name: str) -> str:
        for prefix, label in SECRET_MODULES.items():
            if name == prefix or name.startswith(prefix + "."):
                return borrowed_message(label, name.replace(".", "/") + module_suffix(name))
        return ""

    def path_reason(self, raw: Any) -> str:
        try:
            path = real(os.fsdecode(raw))
        except (TypeError, ValueError, OSError):
            return ""
        # The innermost folder decides: grader/checks/ holds answers, the rest of grader/ not.
        for secret in sorted(self.secrets, key=lambda s: -len(s.path)):
            if inside(path, secret.path):
                if not secret.label:
                    return ""
                top = os.path.dirname(secret.path)
                if os.path.basename(secret.path) == HIDDEN_CHECKS[0]:
                    top = os.path.dirname(top)
                shown = source_name(os.path.relpath(path, top))
                return borrowed_message(secret.label, shown)
        return ""


def source_name(relative: str) -> str:
    """How a report names a file of a package: its source, not its bytecode cache
    ("solutions/week18/__pycache__/x.cpython-311.pyc" is solutions/week18/x.py), and a
    package by its folder ("solutions/__init__.py" is solutions/)."""
    parts = relative.split("/")
    if len(parts) >= 2 and parts[-2] == "__pycache__":
        parts = [*parts[:-2], parts[-1].split(".")[0] + ".py"]
    if parts[-1] == "__init__.py":
        return "/".join(parts[:-1]) + "/"
    return "/".join(parts)


def module_suffix(name: str) -> str:
    """How a module's file is written: a package folder, or a module (three parts deep)."""
    return ".py" if name.count(".") >= 2 else "/"


def borrowed_message(label: str, where: str) -> str:
    return f"your code used {label} ({where}); write your own"


def install_guard(secrets: list[Secret]) -> Guard:
    """Add the audit hook; it acts once `armed` is set, just before student code runs."""
    guard = Guard(secrets)
    sys.addaudithook(guard.hook)
    return guard
