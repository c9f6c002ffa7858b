"""Store → eBay: the Seller Hub "upload tracking" file for shipped eBay orders not yet uploaded.

One row per order line and package that carried it (a package without marked lines carried
every line). Writing the file records its packages as uploaded, in the same transaction, so the
next file holds only new ones; the file itself is written before that transaction commits and
removed again if it fails, so a recorded upload always has its file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aimsi_ebay import config
from aimsi_ebay.db import Database, audit
from aimsi_ebay.errors import InputError
from aimsi_ebay.formats.atomic import write_atomic
from aimsi_ebay.formats.ebay.tracking_upload import TrackingLine, tracking_upload_csv

_PENDING_SQL = """
WITH pending AS (
    SELECT s.tracking_number, s.carrier, s.order_id
    FROM shipments s JOIN orders o ON o.order_id = s.order_id
    LEFT JOIN seller_accounts a ON a.account_id = o.account_id
    WHERE s.ebay_uploaded_at IS NULL AND o.status IN ('shipped', 'invoiced')
      AND o.source = 'ebay' AND coalesce(o.ebay_order_number, '') <> ''
      AND (CAST($account AS VARCHAR) IS NULL OR a.name = $account)
)
SELECT o.ebay_order_number, coalesce(l.ebay_item_id, ''), l.title, coalesce(l.sku, ''),
       coalesce(l.ebay_transaction_id, ''), p.carrier, p.tracking_number, o.order_number
FROM pending p
JOIN orders o ON o.order_id = p.order_id
JOIN order_lines l ON l.order_id = p.order_id
WHERE NOT EXISTS (SELECT 1 FROM shipment_lines m WHERE m.tracking_number = p.tracking_number)
   OR EXISTS (SELECT 1 FROM shipment_lines m WHERE m.tracking_number = p.tracking_number
              AND m.line_no = l.line_no)
ORDER BY o.order_number, l.line_no, p.tracking_number
"""


@dataclass
class TrackingFileReport:
    """The upload file written (or None when nothing was waiting) and what it holds."""

    path: str | None
    rows: int = 0
    orders: list[str] = field(default_factory=list)
    tracking_numbers: int = 0
    data: bytes = b""

    def as_json(self) -> dict:
        return {"path": self.path, "rows": self.rows, "orders": self.orders,
                "tracking_numbers": self.tracking_numbers}

    def summary(self) -> str:
        if not self.rows:
            return "no shipped eBay orders are waiting to be uploaded"
        return (f"{self.path}: {self.rows} line(s) of {len(self.orders)} order(s),"
                f" {self.tracking_numbers} tracking number(s), recorded as uploaded")


def pending_tracking(db: Database, account: str | None = None) -> list[TrackingLine]:
    """What the next upload file would hold (nothing is recorded)."""
    with db.read() as con:
        return [_line(row) for row in con.execute(_PENDING_SQL, {"account": account}).fetchall()]


def _line(row: tuple) -> TrackingLine:
    return TrackingLine(row[0], row[1], row[2], row[3], row[4], row[5], row[6])


def write_ebay_tracking(db: Database, *, account: str | None = None,
                        out: str | Path | None = None) -> TrackingFileReport:
    """Write the upload file for every shipped eBay order not yet uploaded; record them."""
    written: list[Path] = []
    try:
        with db.write() as con:
            report = _write_and_record(con, db, account, out, written)
    except BaseException:
        for path in written:  # the upload was not recorded: no file either
            path.unlink(missing_ok=True)
        raise
    return report


def _write_and_record(con, db: Database, account: str | None, out: str | Path | None,
                      written: list[Path]) -> TrackingFileReport:
    if account and not con.execute("SELECT count(*) FROM seller_accounts WHERE name = ?",
                                    [account]).fetchone()[0]:
        raise InputError(f"no seller account {account!r}", field="account")
    rows = con.execute(_PENDING_SQL, {"account": account}).fetchall()
    if not rows:
        return TrackingFileReport(None)
    data = tracking_upload_csv(_line(row) for row in rows)
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    path = Path(out) if out else (config.exports_folder(db.path)
                                  / f"ebay_tracking_{account or 'all'}_{stamp}.csv")
    numbers = sorted({row[6] for row in rows})
    con.execute("UPDATE shipments SET ebay_uploaded_at = current_timestamp,"
                " ebay_upload_file = ? WHERE tracking_number IN"
                " (SELECT unnest(CAST(? AS VARCHAR[])))", [path.name, numbers])
    audit.record(con, "write_ebay_tracking", "ebay_tracking_file", path.name,
                 after={"tracking_numbers": numbers})
    try:
        write_atomic(path, data)
    except OSError as error:
        raise InputError(f"cannot write the tracking file: {error.strerror or error}",
                         file=str(path)) from None
    written.append(path)
    return TrackingFileReport(str(path), len(rows), sorted({row[7] for row in rows}),
                              len(numbers), data)
