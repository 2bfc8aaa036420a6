"""The child side: import one student module and answer the grader's requests.

Run as `python -E -s -B -m grader.isolation.child REQUEST_FD RESPONSE_FD STACK_FD ROOT MODULE
MEMORY PROCESSES CGROUP_PROCS PLAN` (CGROUP_PROCS is `-` when the grader has no cgroup for it;
PLAN is the sandbox's `grader.isolation.sandbox.Plan` as JSON).
Everything here runs next to untrusted code, so it only ever sends plain data
back; the grader decides every verdict on its own side.

Before any student code runs, the child joins its process-limit cgroup (when the grader
made one), becomes a child subreaper (so that processes its code starts stay in its tree
even when they double-fork) and caps its memory and core dumps. Then it closes its sandbox
(`grader.isolation.sandbox`: Landlock, a network namespace and an audit hook that guards
the answers), and only then imports the student's module. Any reach for the reference
solutions or the hidden checks is refused and reported with every answer, and the grader
fails the exercise on it.

SIGUSR1 makes the child write its Python stack to STACK_FD: the grader asks for it when an
exercise times out, to say where the student's code was running.

The zygote: `python -E -s -B -m grader.isolation.child --zygote CONTROL_FD [MODULE...]` loads
the interpreter, NumPy, this module (and MODULE..., e.g. torch) once, then forks one child
per request that arrives on CONTROL_FD (a Unix socket, with the child's pipes attached).
The zygote never runs student code and never closes a sandbox: each forked child first
becomes what `python -m grader.isolation.child` would have been (a new session, its pipes
as stdin/stdout/stderr and nothing else open, its working directory, environment and HOME
marker), and then runs exactly the sequence above, in the same order: cgroup and
subreaper, limits, stack dump handler, sandbox, and only then the student's import. So no
child sees anything an earlier student did: each starts from the zygote's untouched memory.

This module is the entry point only: `child_serve` holds the sequence and the loop,
`child_containment` the cgroup, subreaper and limits, `child_session` the student's module
and the objects kept for the grader, `child_zygote` the fork server. It re-exports their
names.
"""

from __future__ import annotations

import os
import sys

from grader.isolation.child_containment import (
    NPROC_SLACK,
    PR_SET_CHILD_SUBREAPER,
    become_subreaper,
    cap_user_processes,
    contain,
    kill_descendants,
    set_limits,
    user_tasks,
)
from grader.isolation.child_serve import (
    close_sandbox,
    failure,
    flush_output,
    read_exactly,
    read_message,
    run,
    send,
    serve,
    with_borrowed,
)
from grader.isolation.child_session import (
    MAX_ARRAY_BYTES,
    EncodeError,
    MissingName,
    Session,
    describe_error,
    is_tensor,
    module_file,
    student_location,
)
from grader.isolation.child_zygote import (
    FORK_SETUP_FAILED,
    MAX_CONTROL_MESSAGE,
    ZYGOTE_FLAG,
    become_child,
    child_status,
    close_fds_except,
    fork_unsafe,
    home_slot,
    mark_home,
    preloaded,
    zygote,
)

__all__ = [
    "EncodeError",
    "FORK_SETUP_FAILED",
    "MAX_ARRAY_BYTES",
    "MAX_CONTROL_MESSAGE",
    "MissingName",
    "NPROC_SLACK",
    "PR_SET_CHILD_SUBREAPER",
    "Session",
    "ZYGOTE_FLAG",
    "become_child",
    "become_subreaper",
    "cap_user_processes",
    "child_status",
    "close_fds_except",
    "close_sandbox",
    "contain",
    "describe_error",
    "failure",
    "flush_output",
    "fork_unsafe",
    "home_slot",
    "is_tensor",
    "kill_descendants",
    "main",
    "mark_home",
    "module_file",
    "preloaded",
    "read_exactly",
    "read_message",
    "run",
    "send",
    "serve",
    "set_limits",
    "student_location",
    "user_tasks",
    "with_borrowed",
    "zygote",
]


def main() -> None:
    if sys.argv[1:2] == [ZYGOTE_FLAG]:
        zygote(int(sys.argv[2]), sys.argv[3:])
        os._exit(0)
    run(sys.argv[1:])


if __name__ == "__main__":
    main()
