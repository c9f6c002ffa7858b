"""A kernel manager for Voilà that refuses to start more than a bounded number of kernels.

Every page view of a dashboard starts a kernel (~220 MB). Voilà has no limit of its own
(voila-dashboards/voila#617), so ``voila.json`` names this class as the kernel manager: past
``$AIMSI_EBAY_MAX_DASHBOARDS`` live kernels the page answers 503 "too many open dashboards"
instead. Voilà gives the kernel manager no client address, so the bound is in total; the login
token (``serve``) keeps clients that do not have it from starting any.
"""

from __future__ import annotations

import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web

ENV_MAX_DASHBOARDS = "AIMSI_EBAY_MAX_DASHBOARDS"
DEFAULT_MAX = 12
TOO_MANY = ("Too many open dashboards (%d). Close a dashboard tab (or wait a few minutes for idle "
            "ones to close), then reload this page.")


def max_kernels() -> int:
    text = os.environ.get(ENV_MAX_DASHBOARDS, "")
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_MAX


class BoundedKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` with a ceiling on live kernels."""

    async def start_kernel(self, *args, kernel_id: str | None = None, **kwargs) -> str:
        limit = max_kernels()
        if kernel_id is None and len(self.list_kernel_ids()) >= limit:
            raise web.HTTPError(503, TOO_MANY, limit, reason="Too many open dashboards")
        return await super().start_kernel(*args, kernel_id=kernel_id, **kwargs)
