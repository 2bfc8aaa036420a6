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

This module says how the sandbox is on this machine (`sandbox_mode`, `guard_only`) and
re-exports the names (all but Landlock's kernel constants) of the modules that own its
parts: `sandbox_plan` (the plan, made by the grader), `landlock` (closing it, in the
child) and `import_guard` (the audit hook).
"""

from __future__ import annotations

from grader.isolation.import_guard import (
    SECRET_MODULES,
    BorrowedAnswers,
    Guard,
    borrowed_message,
    install_guard,
    module_suffix,
    source_name,
)
from grader.isolation.landlock import (
    DEVICES,
    SandboxError,
    add_path,
    apply_plan,
    carve,
    carve_one,
    fs_rights,
    isolate_network,
    landlock_abi,
    restrict,
    threads,
)
from grader.isolation.sandbox_plan import (
    HIDDEN_CHECKS,
    SANDBOX_VARIABLE,
    SECRET_FOLDERS,
    SECRET_PACKAGES,
    SECRETS_VARIABLE,
    SYSTEM_READ,
    Plan,
    Secret,
    inside,
    make_plan,
    package_folders,
    python_folders,
    real,
    sandbox_enabled,
    secret_folders,
)

__all__ = [
    "BorrowedAnswers",
    "DEVICES",
    "Guard",
    "HIDDEN_CHECKS",
    "Plan",
    "SANDBOX_VARIABLE",
    "SECRETS_VARIABLE",
    "SECRET_FOLDERS",
    "SECRET_MODULES",
    "SECRET_PACKAGES",
    "SYSTEM_READ",
    "SandboxError",
    "Secret",
    "add_path",
    "apply_plan",
    "borrowed_message",
    "carve",
    "carve_one",
    "fs_rights",
    "guard_only",
    "inside",
    "install_guard",
    "isolate_network",
    "landlock_abi",
    "make_plan",
    "module_suffix",
    "package_folders",
    "python_folders",
    "real",
    "restrict",
    "sandbox_enabled",
    "sandbox_mode",
    "secret_folders",
    "source_name",
    "threads",
]


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
