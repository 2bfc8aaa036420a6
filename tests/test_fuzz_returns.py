"""Garbage returned where an array or a number is expected: a plain failure, never a crash.

A student module answers every function the checks call (module `__getattr__`) with a
value built, in the child, from an expression the test writes next to it
(`fuzz_value.txt`, read on every call: no pickle, and no restart between examples).
Hypothesis draws the expressions: None, strings, ragged lists, object/complex/string/
datetime/structured arrays, 0-d and empty arrays, NaN and inf, huge integers,
generators, NumPy subclasses and scalars, and objects whose `__array__`, `__float__`,
`__eq__`, `__len__` or `__class__` lie or raise, alone, in tuples or in lists. The checks
of 7.2 (dense_forward), 7.3 (softmax, logsumexp, cross-entropy), 7.6 (sgd and adam return
a number) and 7.8 (conv2d_out returns a tuple) must fail every time, each with one line
that is neither a traceback nor an internal grader error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.checks import checks_for
from grader.grade import check_rng, failed, grade_exercise, run_check
from grader.isolation.runner import Limits, StudentFailure, Worker
from grader.registry import BY_ID
from grader.report import CheckResult

EXERCISES = ["7.2", "7.3", "7.6", "7.8"]

FUZZ_MODULE = r'''
"""Answers every call with the value of the expression in fuzz_value.txt."""

import numpy as np
from pathlib import Path

SPEC = Path(__file__).with_name("fuzz_value.txt")


class LiesArray:
    def __array__(self, *args, **kwargs):
        return np.ones((2, 2))

    def __len__(self):
        return 2

    def __eq__(self, other):
        return True

    __hash__ = None


class RaisesEverywhere:
    def __array__(self, *args, **kwargs):
        raise SystemExit(3)

    def __float__(self):
        raise ZeroDivisionError("no float for you")

    def __len__(self):
        raise RuntimeError("no len")

    def __iter__(self):
        raise KeyboardInterrupt

    def __eq__(self, other):
        raise ValueError("no eq")

    def __bool__(self):
        raise TypeError("no bool")

    def __repr__(self):
        raise RuntimeError("no repr")

    __str__ = __repr__
    __hash__ = None


class SpoofsArray:
    """isinstance(x, np.ndarray) says yes."""

    @property
    def __class__(self):
        return np.ndarray

    shape = (2, 4)
    dtype = np.dtype("float64")


class FloatLiar(float):
    def __float__(self):
        return 42.0


class IntLiar(int):
    def __index__(self):
        return 7


class ListLiar(list):
    def __iter__(self):
        return iter([1.0, 2.0])

    def __len__(self):
        return 2


class TupleLiar(tuple):
    def __len__(self):
        return 2


class ArraySub(np.ndarray):
    pass


class Endless:
    def __iter__(self):
        return self

    def __next__(self):
        return 1.0

    def __len__(self):
        return 10**6


class BadMessage(Exception):
    def __str__(self):
        raise RuntimeError("cannot print me")


def _array(shape, dtype, fill, order="C"):
    try:
        return np.full(shape, fill, dtype=dtype, order=order)
    except Exception:
        return np.zeros(shape, dtype=dtype, order=order)


def _nested(depth):
    value = [1.0]
    for _ in range(depth):
        value = [value]
    return value


def _selfref():
    value = [1.0]
    value.append(value)
    return value


def _raise(error):
    raise error


def _value():
    return eval(SPEC.read_text(encoding="utf-8"), dict(globals()))


def _answer(*args, **kwargs):
    return _value()


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _answer
'''

SCALARS = [
    "None", "'3.0'", "'✓ passed\\nTraceback (most recent call last):'", "'\\x1b[2J'",
    "b'\\x00\\xff'", "True", "False", "1j", "float('nan')", "float('inf')", "-float('inf')",
    "10**400", "-(10**30)", "2**64", "[]", "()", "{}", "{'a': 1.0}", "{1: 2}", "set()",
    "frozenset({1})", "range(3)", "(x for x in range(3))", "iter([1.0])", "lambda: 0", "np",
    "object()", "Ellipsis", "NotImplemented", "slice(1)", "print", "type",
    "np.float64('nan')", "np.complex128(1j)", "np.int8(3)", "np.uint64(2**64 - 1)",
    "np.str_('x')", "np.datetime64('2020-01-01')", "np.void(b'ab')", "np.bool_(True)",
    "np.float16('inf')", "np.longdouble('nan')", "np.matrix([[1.0, 2.0]])",
    "np.ma.masked_array([1.0, 2.0], mask=[0, 1])", "np.recarray((2,), dtype=[('a', 'f8')])",
    "np.memmap('fuzz.bin', dtype='f8', mode='w+', shape=(3, 4))", "np.ones(3).view(ArraySub)",
    "np.ones((6, 4))[::2, ::-1]", "np.asfortranarray(np.ones((3, 4)))",
    "np.lib.stride_tricks.as_strided(np.ones(1), (5, 4), (0, 0))",
    "[[1, 2], [3]]", "[1, [2, 3]]", "[[1.0, 2.0], [3.0, 4.0]]", "[None] * 5",
    "[float('nan')] * 4", "['a', 1.0]", "(1.5, 2.5)", "(float('nan'), float('inf'))",
    "(True, False)", "(24, 24, 1)", "('24', '24')", "(np.float64(24.5), np.int32(-1))",
    "(10**30, 1)", "((1, 2), (3, 4))", "(None, None)", "(np.ones(1), np.ones(1))",
    "_nested(30)", "_selfref()", "list(range(10**5))", "np.ones((500, 500))",
    "np.ones((0, 4))", "np.ones((2, 0))", "LiesArray()", "RaisesEverywhere()", "SpoofsArray()",
    "FloatLiar(1.0)", "IntLiar(3)", "ListLiar([LiesArray()])", "TupleLiar((1, 2))",
    "Endless()", "type('Liar\\n✓ passed\\x1b[2J', (), {})()", "type('X' * 500, (), {})()",
    "_raise(ValueError('a\\n✓ passed\\n\\x1b[2J'))", "_raise(SystemExit(0))",
    "_raise(KeyboardInterrupt())", "_raise(MemoryError())", "_raise(RecursionError())",
    "_raise(GeneratorExit())", "_raise(BadMessage())", "_raise(NotImplementedError('x' * 5000))",
    "_raise(type('Err\\nor', (Exception,), {})('boom'))",
]  # fmt: skip
DTYPES = [
    "float64", "float32", "float16", "longdouble", "int8", "uint64", "bool", "complex128",
    "complex64", "object", "<U3", "S2", "datetime64[s]", "timedelta64[ms]", "V4",
    "[('a', 'f8'), ('b', 'i4')]",
]  # fmt: skip
FILLS = ["0", "1", "-0.0", "float('nan')", "float('inf')", "-float('inf')", "1e308", "'x'",
         "None", "1j", "-1"]  # fmt: skip

shapes = st.lists(st.integers(0, 5), max_size=4).map(tuple)


def array_expression(shape: tuple[int, ...], dtype: str, fill: str, order: str, view: str) -> str:
    return f"_array({shape!r}, {dtype!r}, {fill}, {order!r}){view}"


arrays = st.builds(
    array_expression,
    shapes, st.sampled_from(DTYPES), st.sampled_from(FILLS), st.sampled_from(["C", "F"]),
    st.sampled_from(["", ".T", "[..., ::-1]", "[None]"]),
)  # fmt: skip
single = st.one_of(st.sampled_from(SCALARS), arrays)
values = st.one_of(
    single,
    st.tuples(single, single).map(lambda pair: f"({pair[0]}, {pair[1]})"),
    st.lists(single, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
)


def assert_plain_failure(result: CheckResult, expression: str) -> None:
    where = f"{result.name} for {expression!r}: {result.message!r}"
    assert not result.passed, where
    message = result.message
    assert message and "\n" not in message and "\r" not in message, where
    assert "\x1b" not in message and "Traceback" not in message, where
    assert "internal grader error" not in message, where
    assert len(message) < 1000, where


class FuzzWorkers:
    """One live child per exercise, started again when a value kills it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.workers: dict[str, Worker] = {}

    def root(self, exercise_id: str) -> Path:
        root = self.base / exercise_id
        target = root / BY_ID[exercise_id].path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(FUZZ_MODULE, encoding="utf-8")
        return root

    def set_value(self, exercise_id: str, expression: str) -> Path:
        root = self.root(exercise_id)
        spec = root / BY_ID[exercise_id].path
        spec.with_name("fuzz_value.txt").write_text(expression, encoding="utf-8")
        return root

    def worker(self, exercise_id: str) -> Worker:
        if exercise_id not in self.workers:
            exercise = BY_ID[exercise_id]
            worker = Worker(self.root(exercise_id), exercise.module, Limits(timeout=60.0))
            worker.start()
            self.workers[exercise_id] = worker
        return self.workers[exercise_id]

    def run(self, exercise_id: str, expression: str) -> list[CheckResult]:
        """Every check of the exercise against the value, as `grade_exercise` runs them."""
        self.set_value(exercise_id, expression)
        checks = checks_for(exercise_id)
        worker = self.worker(exercise_id)
        results: list[CheckResult] = []
        try:
            for check in checks:
                results.append(run_check(check, worker, check_rng(7, check)))
        except StudentFailure as failure:
            results += [failed(check, failure.describe()) for check in checks[len(results) :]]
            self.close(exercise_id)
        return results

    def close(self, exercise_id: str) -> None:
        worker = self.workers.pop(exercise_id, None)
        if worker is not None:
            worker.stop()


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzWorkers]:
    workers = FuzzWorkers(tmp_path_factory.mktemp("fuzz"))
    try:
        yield workers
    finally:
        for exercise_id in list(workers.workers):
            workers.close(exercise_id)


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(exercise_id=st.sampled_from(EXERCISES), expression=values)
def test_garbage_fails_every_check_with_one_plain_line(
    fuzz: FuzzWorkers, exercise_id: str, expression: str
) -> None:
    """Does any garbage value fail every check of 7.2, 7.3, 7.6 and 7.8 with one plain line?"""
    for result in fuzz.run(exercise_id, expression):
        assert_plain_failure(result, expression)


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(exercise_id=st.sampled_from(EXERCISES), expression=values)
def test_grade_exercise_never_raises_on_garbage(
    tmp_path_factory: pytest.TempPathFactory, exercise_id: str, expression: str
) -> None:
    """End to end, one fresh child per value: no exception escapes grade_exercise."""
    fuzz = FuzzWorkers(tmp_path_factory.mktemp("whole"))
    root = fuzz.set_value(exercise_id, expression)
    result = grade_exercise(BY_ID[exercise_id], root, seed=9)
    assert result.checks
    for check in result.checks:
        assert_plain_failure(check, expression)


@pytest.mark.parametrize(
    ("exercise_id", "expression", "needle"),
    [
        ("7.3", "np.ones(300 * 2**20 // 8)", "the result is too large to send back (300 MB"),
        ("7.6", "10**400", "an integer too large to send back"),
        ("7.8", "(np.ones(8 * 2**20 // 8), 1)", "conv2d_out(28, 28, 5, 5, stride=1, padding=0)"),
        ("7.2", "_selfref()", "nested more than 20 levels deep"),
        ("7.2", "np.ones(4, dtype=object)", "an array of Python objects"),
    ],
)
def test_huge_and_deep_values_fail_cleanly(
    fuzz: FuzzWorkers, exercise_id: str, expression: str, needle: str
) -> None:
    """Do a 300 MB array, a 400-digit integer, an 8 MB array inside a tuple, a
    self-referencing list and an object array each fail with their own plain reason?"""
    results = fuzz.run(exercise_id, expression)
    assert needle in results[0].message, results[0].message
    for result in results:
        assert_plain_failure(result, expression)
