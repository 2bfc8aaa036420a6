"""The grader side of isolation: start a child, call into it, enforce its limits.

One `Worker` serves one exercise. It lives in its own session (process group), in a
fresh temporary directory, with a memory cap, a process limit and a wall-clock
deadline. Whatever goes wrong in it becomes a `StudentFailure` with a plain reason;
nothing the child sends is trusted beyond being decoded as data.

No process outlives its exercise. Each worker gets its own pids cgroup when the machine
offers a writable one (the kernel then caps the processes and threads of everything the
child starts, and tells us who they are, however they detach); the child is a child
subreaper (orphans stay in its tree); and when the exercise ends, `Containment.kill_all`
SIGKILLs the cgroup, the child's tree, its session and every process whose environment
names the worker's HOME, round after round, until none is left. Without a cgroup the
grader counts the tree itself while it waits for the child, and a user other than root
also gets RLIMIT_NPROC; `containment_mode()` says which applies here and why.

Children start from a zygote where they can: one process per kind of exercise (one for the
NumPy exercises, one that has PyTorch loaded too for the exercise that uses it), started
once per grading process, that has the interpreter, NumPy and the child side loaded and
forks each child on request (`grader.isolation.child_zygote.zygote`). A forked child is then what
a spawned one is: a new session, its own pipes and nothing else, its working directory,
environment and HOME marker; it joins its cgroup, closes its sandbox and imports the
student's module itself, in the same order. The zygote is the forked child's parent, so
the grader learns its exit status and reaps it through the zygote (`ForkedChild`). Where
forking is unsafe or unsupported (threads in the zygote, no Linux, `GRADER_ZYGOTE=0`),
each child is spawned with `python -m grader.isolation.child`, and `containment_mode()`
says so.

This module is the grader side's front door: it re-exports what the rest of the grader
uses from the modules that own each part: `worker` (Worker, Limits), `failures`
(StudentFailure), `capture` (the child's output), `environment` (its environment),
`procfs` (the process table), `cgroups`, `containment` (limits, tree kill, work
directories), `zygote` (the fork server) and `cancel` (Ctrl-C).
"""

from __future__ import annotations

from grader.isolation.cancel import (
    Cancellation,
    without_sigint,
)
from grader.isolation.capture import (
    OUTPUT_KEEP_BYTES,
    OUTPUT_KEEP_LINES,
    OUTPUT_LINE_CHARS,
    OutputCollector,
    printable,
)
from grader.isolation.cgroups import (
    CGROUPS_VARIABLE,
    STALE,
    cgroup_candidates,
    cgroup_parent,
    make_cgroup,
    probe_cgroup,
    remove_cgroup,
    sweep_stale_cgroups,
)
from grader.isolation.containment import (
    Containment,
    containment_mode,
    remove_tree,
)
from grader.isolation.environment import (
    child_environment,
    environment,
)
from grader.isolation.failures import (
    INTERRUPTED,
    StudentFailure,
)
from grader.isolation.procfs import (
    Task,
    descendants,
    environ_has,
    process_table,
    protected_pids,
    read_task,
)
from grader.isolation.worker import (
    GIB,
    MAX_PROCESSES,
    POLL_SECONDS,
    STACK_FRAME,
    STACK_WAIT_SECONDS,
    Limits,
    Worker,
    default_processes,
    handle_of,
    innermost_student_frame,
    signal_name,
)
from grader.isolation.zygote import (
    ZYGOTE_HOME,
    ZYGOTE_REPLY_SECONDS,
    ZYGOTE_START_SECONDS,
    ZYGOTE_VARIABLE,
    Child,
    ForkedChild,
    Zygote,
    close_zygotes,
    zygote_for,
    zygote_mode,
    zygote_unsupported,
)

__all__ = [
    "CGROUPS_VARIABLE",
    "Cancellation",
    "Child",
    "Containment",
    "ForkedChild",
    "GIB",
    "INTERRUPTED",
    "Limits",
    "MAX_PROCESSES",
    "OUTPUT_KEEP_BYTES",
    "OUTPUT_KEEP_LINES",
    "OUTPUT_LINE_CHARS",
    "OutputCollector",
    "POLL_SECONDS",
    "STACK_FRAME",
    "STACK_WAIT_SECONDS",
    "STALE",
    "StudentFailure",
    "Task",
    "Worker",
    "ZYGOTE_HOME",
    "ZYGOTE_REPLY_SECONDS",
    "ZYGOTE_START_SECONDS",
    "ZYGOTE_VARIABLE",
    "Zygote",
    "cgroup_candidates",
    "cgroup_parent",
    "child_environment",
    "close_zygotes",
    "containment_mode",
    "default_processes",
    "descendants",
    "environ_has",
    "environment",
    "handle_of",
    "innermost_student_frame",
    "make_cgroup",
    "printable",
    "probe_cgroup",
    "process_table",
    "protected_pids",
    "read_task",
    "remove_cgroup",
    "remove_tree",
    "signal_name",
    "sweep_stale_cgroups",
    "without_sigint",
    "zygote_for",
    "zygote_mode",
    "zygote_unsupported",
]
