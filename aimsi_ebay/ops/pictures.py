"""Thumbnails the dashboards can always draw: the demo store's pictures ship with the package.

The demo records point at eBay's picture host (a listing's pictures must be https:// URLs), which
is unreachable offline; the editor's thumbnails for those URLs come from small pictures shipped in
``aimsi_ebay/demo/data`` (one per product family) and are embedded in the page, so no thumbnail
is ever broken on a machine without internet. Other URLs are drawn as they are.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path

DEMO_PICTURE_HOST = "https://i.ebayimg.com/images/g/demo/"
_FOLDER = Path(__file__).resolve().parents[1] / "demo" / "data"


@functools.lru_cache(maxsize=64)
def _picture(family: str) -> str | None:
    for name in (f"picture_{family}.svg", "picture_item.svg"):
        path = _FOLDER / name
        if path.exists():
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            return f"data:image/svg+xml;base64,{data}"
    return None


def thumbnail_source(url: str) -> str:
    """What an ``<img src>`` should use for the picture at ``url``: the shipped picture for the
    demo host (its family from the file name's first part, e.g. ``gtr-strat-sb-1.jpg``), else
    the URL itself."""
    clean = (url or "").strip()
    if not clean.startswith(DEMO_PICTURE_HOST):
        return clean
    family = clean[len(DEMO_PICTURE_HOST):].split("-", 1)[0].lower()
    return _picture(family) or clean
