"""Per-statement timing for a benchmark: which SQL statement (or Python step) the time goes to.

    from statement_profile import profiled
    with profiled() as timings:
        invoice_ready(db)
    print_timings(timings)

Benchmark-side only: it wraps the connections ``Database`` opens in a proxy that times every
``execute``/``executemany``/``register`` (and the connect and close), so the product carries no
profiling code. A statement's time includes fetching nothing: ``fetchall`` after it is timed as
its own entry.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar
from unittest import mock

from aimsi_ebay.db import Database


class _Timed:
    """A connection whose calls are timed into ``timings`` (label, seconds)."""

    def __init__(self, con, timings: list[tuple[str, float]]) -> None:
        self._con, self._timings = con, timings

    def _time(self, label: str, function, *args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            self._timings.append((label, time.perf_counter() - started))

    def execute(self, sql: str, *args, **kwargs):
        self._time(_label(sql), self._con.execute, sql, *args, **kwargs)
        return self

    def executemany(self, sql: str, *args, **kwargs):
        self._time("many: " + _label(sql), self._con.executemany, sql, *args, **kwargs)
        return self

    def register(self, name: str, data):
        self._time(f"register {name}", self._con.register, name, data)
        return self

    def fetchall(self):
        return self._time("  fetchall", self._con.fetchall)

    def fetchone(self):
        return self._time("  fetchone", self._con.fetchone)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


class TimedSteps(_Timed):
    """A timed connection recording (label, CPU, wall) per step into ``steps``, and the close
    (where a checkpoint may run): the phase benchmarks' record."""

    def _time(self, label: str, function, *args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            self._timings.append((label, time.process_time() - cpu, time.perf_counter() - wall))

    def close(self):
        return self._time("close (checkpoint)", self._con.close)


def timed_opens(steps: list, threads: int | None, timed: type[_Timed] = TimedSteps):
    """A patch of ``Database._open`` handing out ``timed`` connections that record into
    ``steps`` (the connect too), on ``threads`` threads when given."""
    opened = Database._open

    def open_timed(self: Database, *, read_only: bool):
        cpu, wall = time.process_time(), time.perf_counter()
        con = opened(self, read_only=read_only)
        if threads:
            con.execute(f"SET threads = {threads}")
        steps.append((f"connect (read_only={read_only})", time.process_time() - cpu,
                      time.perf_counter() - wall))
        return timed(con, steps)

    return mock.patch.object(Database, "_open", open_timed)


def _label(sql: str) -> str:
    text = " ".join(line.strip() for line in sql.strip().splitlines() if not
                    line.strip().startswith("--"))
    return text[:110]


@contextmanager
def profiled() -> Iterator[list[tuple[str, float]]]:
    """Time every statement run through ``Database`` connections inside the block."""
    timings: list[tuple[str, float]] = []
    original = Database._connection

    @contextmanager
    def timed_connection(self, *, read_only: bool):
        started = time.perf_counter()
        with original(self, read_only=read_only) as con:
            timings.append((f"connect (read_only={read_only})", time.perf_counter() - started))
            yield _Timed(con, timings)
            closing = time.perf_counter()
        timings.append(("close", time.perf_counter() - closing))

    with mock.patch.object(Database, "_connection", timed_connection):
        started = time.perf_counter()
        yield timings
        timings.append(("TOTAL (wall)", time.perf_counter() - started))


def print_timings(timings: list[tuple[str, float]], *, at_least: float = 0.005) -> None:
    """The statements that took at least ``at_least`` seconds, in order, and the rest summed."""
    rest = 0.0
    for label, seconds in timings:
        if seconds >= at_least or label.startswith("TOTAL"):
            print(f"  {seconds:7.3f} s  {label}")
        else:
            rest += seconds
    print(f"  {rest:7.3f} s  (all shorter statements)")


def print_step_medians(
    runs: list[list[tuple[str, float, float]]],
    *,
    small: Callable[[float, float], bool],
    width: int = 200,
    relabel: Callable[[str], str] = lambda label: label,
) -> None:
    """Each step's median CPU and wall over ``runs`` (lists of ``(label, cpu, wall)``), in the
    order first seen; a label timed twice in one run is summed; steps ``small(cpu, wall)`` says
    are small are summed into one line (a TOTAL line never is)."""
    merged: dict[str, list[tuple[float, float]]] = defaultdict(list)
    order: list[str] = []
    for steps in runs:
        seen: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for label, cpu, wall in steps:
            label = relabel(label)
            if label not in order:
                order.append(label)
            seen[label][0] += cpu
            seen[label][1] += wall
        for label, (cpu, wall) in seen.items():
            merged[label].append((cpu, wall))
    small_cpu = small_wall = 0.0
    for label in order:
        cpu = statistics.median(v[0] for v in merged[label])
        wall = statistics.median(v[1] for v in merged[label])
        if small(cpu, wall) and not label.startswith("TOTAL"):
            small_cpu, small_wall = small_cpu + cpu, small_wall + wall
            continue
        print(f"  CPU {cpu:6.3f}  wall {wall:6.3f}  {label[:width]}")
    print(f"  CPU {small_cpu:6.3f}  wall {small_wall:6.3f}  (every shorter step)")


class PhaseSteps(TimedSteps):
    """The phase scripts' timed connection: with ``gaps`` the Python between two steps is a step
    too, with ``threads`` every ``SET threads`` (the product's own) becomes that many; ``prefix``
    starts every label. Set the class attributes from the script's arguments."""

    gaps = False
    threads = 0
    prefix = ""
    last: ClassVar[list[float]] = []  # CPU and wall at the end of the last timed step (for gaps)

    @classmethod
    def mark(cls) -> None:
        """Now is where the next gap starts."""
        PhaseSteps.last[:] = [time.process_time(), time.perf_counter()]

    def _time(self, label: str, function, *args, **kwargs):
        label = self.prefix + label
        last = PhaseSteps.last
        if self.gaps and last:
            self._timings.append((f"gap before {label}", time.process_time() - last[0],
                                  time.perf_counter() - last[1]))
        try:
            return super()._time(label, function, *args, **kwargs)
        finally:
            PhaseSteps.mark()

    def execute(self, sql: str, *args, **kwargs):
        if self.threads and sql.startswith("SET threads"):
            sql = f"SET threads = {self.threads}"
        return super().execute(sql, *args, **kwargs)


class TimedModule:
    """A reader's ``duckdb`` module (patch it in), handing out connections timed by ``timed``."""

    def __init__(self, module, steps: list, timed: type[_Timed]) -> None:
        self._module, self._steps, self._timed = module, steps, timed

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def connect(self, *args, **kwargs):
        return self._timed(self._module.connect(*args, **kwargs), self._steps)
