"""The dashboards Voilà serves: one list, from which the notebooks are written.

A dashboard notebook is two cells (import an ``open_*`` entry point, call it), so the package
carries the list, not the files: ``aimsi-ebay serve`` writes the notebooks into a folder of their
own (only dashboards — analyst notebooks are never served) and runs Voilà there, from a checkout
or from an installed wheel alike. The checkout's ``notebooks/`` holds the same files for
JupyterLab and nbval; a test keeps them equal to this list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Dashboard:
    file_name: str
    comment: str
    opener: str  # a function of aimsi_ebay.ui.open


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard("Home.ipynb", "Home: what needs attention today.", "open_home"),
    Dashboard("SKU_eBay_records.ipynb", "SKU eBay records: one eBay record per SKU.",
              "open_sku_records"),
    Dashboard("eBay_export.ipynb", "eBay export: flagged records to eBay's upload file.",
              "open_ebay_export"),
    Dashboard("Import_orders.ipynb", "Import orders: eBay sales downloads to orders.",
              "open_import_orders"),
    Dashboard("Orders.ipynb", "Orders: every order, by number, eBay order number or customer.",
              "open_orders"),
    Dashboard("Shipping.ipynb", "Shipping: UPS / FedEx lookup files, carrier results, tracking.",
              "open_shipping"),
    Dashboard("Invoice_orders.ipynb", "Invoice orders: invoice received, picked and shipped "
              "orders, paid with the deposit.", "open_invoice_orders"),
    Dashboard("Reconciliation.ipynb", "Reconciliation: shipping charged vs cost, deposits to "
              "bank, eBay fees and payouts.", "open_reconciliation"),
)
HOME = DASHBOARDS[0].file_name
# A Jupyter data folder holding the dashboards' Voilà template (voila/templates/aimsi: the lab
# template without its CDN links), for $JUPYTER_PATH.
TEMPLATE_SHARE = Path(__file__).resolve().parent / "share"


def notebook(dashboard: Dashboard) -> dict:
    """The notebook JSON of one dashboard (the same bytes every time)."""
    def cell(cell_id: str, source: list[str]) -> dict:
        return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {},
                "outputs": [], "source": source}

    return {
        "cells": [
            cell("import", [f"# {dashboard.comment}\n",
                            f"from aimsi_ebay.ui.open import {dashboard.opener}"]),
            cell("show", [f"{dashboard.opener}()"]),
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_text(dashboard: Dashboard) -> str:
    return json.dumps(notebook(dashboard), indent=1, ensure_ascii=False) + "\n"


def voila_settings() -> str:
    """The Voilà configuration shipped with the package (``voila.json``)."""
    return resources.files(__package__).joinpath("voila.json").read_text(encoding="utf-8")


def write_dashboards(folder: Path) -> Path:
    """Write every dashboard notebook and ``voila.json`` into ``folder`` (made afresh: a
    dashboard removed from the list is not served on)."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {dashboard.file_name for dashboard in DASHBOARDS}
    for stale in folder.glob("*.ipynb"):
        if stale.name not in wanted:
            stale.unlink()
    for dashboard in DASHBOARDS:
        _write_if_changed(folder / dashboard.file_name, notebook_text(dashboard))
    _write_if_changed(folder / "voila.json", voila_settings())
    return folder


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
