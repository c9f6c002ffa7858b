"""The Orders dashboard's state and logic, without widgets (tested without a browser)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.sales.order_list import STATUS_FILTERS, find_orders


@dataclass
class OrdersModel:
    db: Database
    text: str = ""
    status: str = "all"
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)

    @staticmethod
    def statuses() -> list[str]:
        return list(STATUS_FILTERS)

    def search(self, text: str | None = None, status: str | None = None) -> pd.DataFrame:
        """Search by order number, eBay order number or customer; filter by status."""
        if text is not None:
            self.text = text
        if status is not None:
            self.status = status
        self.rows = find_orders(self.db, self.text, self.status)
        return self.rows
