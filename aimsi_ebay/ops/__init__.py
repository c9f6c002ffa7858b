"""Operations, one package per capability; each takes a ``Database`` and opens its own
transaction. ``Database`` is named here too, so dashboards and the CLI reach the store through the
operations layer, never through ``db`` directly."""

from aimsi_ebay.db import Database

__all__ = ["Database"]
