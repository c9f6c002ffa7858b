"""Shared by the carrier-format tests: golden files and plain JSON views of results."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

from aimsi_ebay.formats.carriers.orders import CarrierOrder
from aimsi_ebay.formats.carriers.packages import CarrierFile

GOLDEN = Path(__file__).parent / "golden"
REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "real"
REGENERATE = os.environ.get("REGENERATE_GOLDEN") == "1"  # only on purpose


def plain(value: object) -> object:
    """Decimals and dates as text, records as dicts: what the expected JSON holds."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return plain(asdict(value))
    return value


def carrier_file_plain(result: CarrierFile) -> dict:
    return {"kind": result.kind, "packages": plain(list(result.packages)),
            "failures": plain(list(result.failures)), "rejections": plain(list(result.rejections))}


def check_golden(path: Path, actual: bytes) -> None:
    """Compare with the expected file (written instead when regenerating on purpose)."""
    if REGENERATE:
        path.write_bytes(actual)
    assert path.exists(), f"{path.name} is missing: run with REGENERATE_GOLDEN=1 once"
    assert actual == path.read_bytes()


def check_golden_json(path: Path, actual: object) -> None:
    text = json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    check_golden(path, text.encode("utf-8"))


def load_orders(spec: list[dict]) -> list[CarrierOrder]:
    return [CarrierOrder(**{**row, "weight_lbs": None if row["weight_lbs"] is None
                            else Decimal(row["weight_lbs"])}) for row in spec]
