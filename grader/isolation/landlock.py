"""Closing the sandbox (in the child): a network namespace of its own, then Landlock rules
carved from the plan so that they allow everything planned except the answers."""

from __future__ import annotations

import ctypes
import os
import platform
from collections.abc import Iterable
from typing import Any

from grader.isolation.sandbox_plan import Plan, inside, real

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
