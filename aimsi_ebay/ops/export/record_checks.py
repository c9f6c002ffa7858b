"""The listing facts a record alone decides, kept on the record: written by the writers of
``ebay_records``, rebuilt here, trusted by the export only while their key still matches.

``checks_clean`` and ``description_placeable`` (``sql.listing_checks.record_checks_sql``) save an
export from running the record's own rules and the HTML grammar again over every picked row.
They are a cache with its own proof: ``checks_key`` is a hash of every column they were decided
from and of the rules' own text, and the export uses them only where the record's current key
equals it. A writer that does not refresh them (an import, direct SQL, an older version) leaves
them stale, which costs the export time, never a wrong verdict. Hypothesis-tested: an export
gives the same verdicts and the same file with the facts fresh, stale, missing or wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from aimsi_ebay.sql.listing_checks import record_checks_update_sql


def refresh_record_checks(con: duckdb.DuckDBPyConnection,
                          skus: Sequence[str] | None = None) -> None:
    """Decide the stored facts again for ``skus`` (every record when None), in one UPDATE.

    Writers call it in their own transaction after changing records; ``None`` is the rebuild
    (after a bulk load by SQL, or to warm records written by something that does not refresh).
    """
    if skus is None:
        con.execute(record_checks_update_sql())
        return
    if not skus:
        return
    con.register("record_checks_skus", pd.DataFrame({"sku": pd.Series(list(skus), dtype=object)}))
    try:
        con.execute(record_checks_update_sql("r.sku IN (SELECT sku FROM record_checks_skus)"))
    finally:
        con.unregister("record_checks_skus")
