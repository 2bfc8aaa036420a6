"""Late penalties: when a student submitted, and what lateness costs under the course's policy.

The submission time comes from the submission itself, in this order:

1. nbgrader's `timestamp.txt` (written by `nbgrader collect` / `zip_collect` next to the
   notebook: ``2026-11-20 23:59:00.000000 UTC``);
2. Gradescope's `submission_metadata.json` (its `created_at`, ISO 8601 with an offset);
3. otherwise the newest modification time of the student's files, with a warning: copying
   or unzipping may have changed it.

The arithmetic (see `penalty`): up to `grace_minutes` late is on time; after that every
started day (24 h from the due time) costs `percent_per_day` of the raw score, at most
`max_percent`; more than `zero_after_days` days late scores 0.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from grader.course import LatePolicy

NBGRADER_TIMESTAMP = "timestamp.txt"
GRADESCOPE_METADATA = "submission_metadata.json"
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Submitted:
    """When a submission was handed in, and how we know.

    Attributes:
        time: the moment, time-zone aware (None when nothing says).
        source: "nbgrader timestamp.txt", "Gradescope created_at" or "file times".
        warning: set when the time is a guess (file times) or could not be read.
    """

    time: datetime | None
    source: str
    warning: str = ""


@dataclass(frozen=True)
class Late:
    """What lateness costs one student.

    Attributes:
        days: started days late after the grace period (0: on time).
        percent: the share of the raw score taken away.
        penalty: points taken away.
        final: raw score minus penalty.
    """

    days: int
    percent: float
    penalty: float
    final: float


def penalty(raw: float, submitted: datetime, due: datetime, policy: LatePolicy) -> Late:
    """The penalty on `raw` points for a submission at `submitted` against `due`."""
    late = submitted - due
    if late <= timedelta(minutes=policy.grace_minutes):
        return Late(0, 0.0, 0.0, raw)
    days = max(1, math.ceil(late / DAY))
    if policy.zero_after_days is not None and days > policy.zero_after_days:
        percent = 100.0
    else:
        percent = min(days * policy.percent_per_day, policy.max_percent, 100.0)
    taken = round(raw * percent / 100.0, 4)
    return Late(days, percent, taken, round(raw - taken, 4))


def submission_time(files: dict[str, bytes], newest_mtime: float | None) -> Submitted:
    """The submission time of one student, from their files (see the module docstring)."""
    for relative in sorted(files, key=lambda name: (name.count("/"), name)):
        name = PurePosixPath(relative).name
        if name == NBGRADER_TIMESTAMP:
            text = files[relative].decode("utf-8", errors="replace").strip()
            found = nbgrader_time(text)
            if found is not None:
                return Submitted(found, "nbgrader timestamp.txt")
            return guessed(newest_mtime, f"cannot read {relative} ({text[:40]!r})")
        if name == GRADESCOPE_METADATA:
            found = gradescope_time(files[relative])
            if found is not None:
                return Submitted(found, "Gradescope created_at")
            return guessed(newest_mtime, f"no created_at in {relative}")
    return guessed(newest_mtime, "no timestamp.txt or submission_metadata.json")


def guessed(mtime: float | None, why: str) -> Submitted:
    if mtime is None:
        return Submitted(None, "none", f"{why}; no file times either: not penalised")
    when = datetime.fromtimestamp(mtime, UTC)
    return Submitted(when, "file times", f"{why}: used the newest file time; check it")


def nbgrader_time(text: str) -> datetime | None:
    """nbgrader's `%Y-%m-%d %H:%M:%S.%f %Z` (its default), also with a numeric offset."""
    parts = text.split()
    if len(parts) < 2:
        return None
    try:
        when = datetime.fromisoformat(f"{parts[0]}T{parts[1]}")
    except ValueError:
        return None
    zone = parts[2] if len(parts) > 2 else "UTC"
    if zone.upper() in ("UTC", "GMT", "Z"):
        return when.replace(tzinfo=UTC)
    if zone[:1] in "+-" and zone[1:].isdigit() and len(zone) == 5:
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:]))
        return when.replace(tzinfo=timezone(offset if zone[0] == "+" else -offset))
    try:
        return when.replace(tzinfo=ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def gradescope_time(data: bytes) -> datetime | None:
    try:
        document = json.loads(data)
        when = datetime.fromisoformat(str(document["created_at"]))
    except (ValueError, KeyError, TypeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
