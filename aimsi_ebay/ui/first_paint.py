"""Build a dashboard's heavy parts right after its first paint, not before it.

Voilà shows a page only once the notebook's cells have run and the browser has fetched every
widget's state. A dashboard that builds its whole form, grid and panels in its cell makes the
operator wait for all of it before seeing anything. So a dashboard builds the part an operator
uses first (a search box, a list, a grid), shows it, and builds the rest here, as soon as the
browser has the first part — while the browser draws it.

How the kernel learns that the browser has the page: a ``jsdlink`` between two hidden widgets.
The browser's link model copies the source's value to the target when the browser creates it
(right after fetching the widgets' states) and sends the change to the kernel; that change
runs ``build``. Without a browser (tests, nbval), nothing is sent: the dashboard calls
``ensure()`` before anything that needs the rest, and a timer builds it anyway after
``FALLBACK_SECONDS`` when the kernel runs an event loop (so a page whose link never reports
still gets its editor).

Why not build right after the cell instead (while Voilà sends the page)? Widgets created then
race with the browser's first fetch of the widgets' states ("model not found" was seen under
load); after the browser's signal they arrive as any callback's new widgets do.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import ipywidgets as widgets

log = logging.getLogger("aimsi_ebay.ui")

FALLBACK_SECONDS = 8.0
T = TypeVar("T")


class AfterFirstPaint:
    """Run ``build`` once: when the browser has the page, on ``ensure()``, or after a timeout."""

    def __init__(self, build: Callable[[], None], *, fallback: float = FALLBACK_SECONDS) -> None:
        self._build = build
        self.done = False
        self.signal = widgets.IntText(value=0)  # the browser sets it to 1 (never displayed)
        self._source = widgets.IntText(value=1)
        self.signal.observe(self._painted, "value")
        self._link = widgets.jsdlink((self._source, "value"), (self.signal, "value"))
        self._loop = _running_loop()
        if self._loop is not None:
            self._loop.call_later(fallback, self._safely)

    @property
    def expects_browser(self) -> bool:
        """Whether a browser's signal (or the fallback timer) can come: only in a kernel with a
        running event loop, not in tests or scripts."""
        return self._loop is not None

    def _painted(self, change: dict) -> None:
        # Let the kernel answer the browser first; build on the next turn of the loop.
        if self._loop is not None:
            self._loop.call_soon(self._safely)
        else:
            self._safely()

    def _safely(self) -> None:
        try:
            self.ensure()
        except Exception:  # a timer callback has no page to show it on: log it, never raise
            log.exception("building the rest of the dashboard failed")

    def ensure(self) -> None:
        """Build now, unless already built (what every action needing the rest calls first)."""
        if self.done:
            return
        self.done = True
        for widget in (self._link, self._source, self.signal):
            widget.close()
        self._build()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None



def warm_imports(*modules: str) -> threading.Thread:
    """Import ``modules`` in a background thread, so that the part built after the first paint
    finds them loaded.

    Between the end of the notebook's cell and the browser's signal the kernel is idle while the
    browser loads Voilà's scripts; pandas and ipydatagrid (about a second) load in that gap instead
    of after it. Python's per-module import locks make a later import in the main thread wait for
    this one rather than load twice.
    """
    def run() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # the main thread's own import will raise it where it can be shown
                log.exception("warming the import of %s failed", name)

    thread = threading.Thread(target=run, name="aimsi-warm-imports", daemon=True)
    thread.start()
    return thread


class Prefetch(Generic[T]):
    """Run a read now in a background thread; ``result()`` waits for it and raises its error.

    A dashboard whose first view needs a database read can send its form first and read while
    the browser loads Voilà's scripts (the kernel is idle then): the read's value is applied to
    the widgets in the main thread, after the browser has the page. Only data crosses threads,
    never a widget. ``background=False`` reads at once (tests, scripts).
    """

    def __init__(self, read: Callable[[], T], *, background: bool = True) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if background:
            # not a daemon: a process ending mid-read waits for it (DuckDB aborts otherwise)
            self._thread = threading.Thread(target=self._run, args=(read,), daemon=False,
                                            name="aimsi-prefetch")
            self._thread.start()
        else:
            self._run(read)

    def _run(self, read: Callable[[], T]) -> None:
        try:
            self._value = read()
        except BaseException as error:  # raised again in the main thread, where it can be shown
            self._error = error

    def result(self) -> T:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
