"""A bulk-edit frame made typed and checked cell by cell, before any SQL sees it.

Split from ``bulk_edit`` (issue 12): the column lists, and ``normalise`` which turns the cells of
a pulled-and-edited frame into typed columns and per-cell rejections (a blank SKU, ``1e30`` for a
quantity, a NUL that would cut a title, ``1,5`` for a price, digits of another script).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from aimsi_ebay.errors import InputError
from aimsi_ebay.formats import bulk_file
from aimsi_ebay.rules.money import to_money

READ_ONLY = ("item", "vendor", "variant", "available", "ebay_item_id", "invalid_reason")
MONEY = ("start_price", "buy_it_now_price", "reserve_price")
INTEGER = ("condition_id", "quantity")
BOOLEAN = ("update_ebay", "description_is_html")
NULLABLE_TEXT = ("subtitle", "category1_id", "category2_id")
TEXT = ("title", "listing_format", "duration", "description")
# Editable frame columns, in the order pulled; "account" is the seller account's name.
EDITABLE = (
    "account", "title", "subtitle", "listing_format", "duration", "category1_id", "category2_id",
    "condition_id", "start_price", "buy_it_now_price", "reserve_price", "quantity",
    "update_ebay", "description_is_html", "description", "images",
)
COLUMNS = ("sku", "version", *READ_ONLY, *EDITABLE)
IMAGE_SEPARATOR = "|"
EXCEL_CELL_LIMIT = bulk_file.EXCEL_CELL_LIMIT
# ASCII digits only: Python's \d also takes "٧٤٩.٩٩", which SQL cannot cast.
_PLAIN_MONEY = r"-?[0-9]{1,10}(?:\.[0-9]{1,2})?"
_WHOLE = re.compile(r"[+]?[0-9]{1,10}")
_DECIMAL_COMMA = re.compile(r",[0-9]{1,2}\s*$")
MAX_INTEGER = 2**31 - 1  # quantity, condition and version are INTEGER columns
_TRUE = {"true", "1", "yes", "y", "x"}
_FALSE = {"false", "0", "no", "n", ""}


@dataclass
class Rejection:
    row: Any
    sku: str | None
    field: str | None
    reason: str



# -- normalising the frame (types, per-cell errors) --------------------------------------------

def normalise(frame: pd.DataFrame, file: str | None):
    """Typed columns for SQL; per-cell problems become rejections (row named like the file)."""
    by_lower = {str(c).strip().lower(): c for c in frame.columns}
    for required in ("sku", "version"):
        if required not in by_lower:
            raise InputError(f"missing column {required!r}", file=file, field=required)
    provided = [c for c in EDITABLE if c in by_lower]
    if not provided:
        raise InputError(f"no editable column; expected some of {', '.join(EDITABLE)}", file=file)
    for money in MONEY:
        if money in by_lower and pd.api.types.is_float_dtype(frame[by_lower[money]]):
            raise InputError(
                "is a float column; money must be text or Decimal (e.g. "
                "frame[col].map(lambda d: f'{d:.2f}') on Decimals)", file=file, field=money,
            )
    # Row numbers as the analyst sees them: file line (header is 1), else the frame's index.
    labels = (
        [str(n) for n in range(2, len(frame) + 2)] if file else [str(i) for i in frame.index]
    )
    out = pd.DataFrame({"row_label": labels})
    rejected: list[Rejection] = []
    bad = pd.Series(False, index=out.index)
    sku = _text(frame[by_lower["sku"]].reset_index(drop=True)).str.strip()
    out["sku"] = sku.values
    missing = sku.isna() | (sku == "")
    bad |= missing.values
    for position in missing[missing].index:
        rejected.append(Rejection(labels[position], None, "sku", "SKU is blank"))
    duplicated = sku.duplicated(keep=False) & ~missing
    for position in duplicated[duplicated].index:
        rejected.append(Rejection(labels[position], sku.iloc[position], "sku",
                                  "SKU appears more than once in the file"))
    bad |= duplicated.values

    def fail(mask: pd.Series, name: str, reason) -> None:
        nonlocal bad
        mask = mask.fillna(False).values & ~bad.values
        for position in mask.nonzero()[0]:
            text = reason(position) if callable(reason) else reason
            rejected.append(Rejection(labels[position], sku.iloc[position], name, text))
        bad = bad | mask

    columns = {"version": by_lower["version"]} | {c: by_lower[c] for c in provided}
    for name, source in columns.items():
        values = frame[source].reset_index(drop=True)
        if name in MONEY:
            parsed, errors = _money(values)
            out[name] = parsed.values
            fail(errors.notna(), name, lambda p, e=errors: e.iloc[p])
        elif name in (*INTEGER, "version"):
            if pd.api.types.is_integer_dtype(values):
                values = values.astype("Int64")
                fail(values.isna(), name, f"{name} is blank")
                fail(values.abs() > MAX_INTEGER, name,
                     lambda p, v=values: f"{v.iloc[p]} is too large (at most {MAX_INTEGER:,})")
                out[name] = values.where(values.abs() <= MAX_INTEGER).values
                continue
            text = _text(values).fillna("").str.strip()
            whole = text.map(lambda t: bool(_WHOLE.fullmatch(t)) and int(t) <= MAX_INTEGER)
            blank = text == ""
            fail(~whole & (~blank if name != "version" else True), name,
                 lambda p, t=text: f"{t.iloc[p][:40]!r} is not a whole number from 0 to "
                                   f"{MAX_INTEGER:,}")
            out[name] = pd.Series(
                [int(t) if ok else None for t, ok in zip(text, whole, strict=True)],
                dtype="Int64").values
        elif name in BOOLEAN:
            if pd.api.types.is_bool_dtype(values):
                out[name] = values.astype(bool).values
                continue
            text = _text(values).fillna("").str.strip().str.lower()
            truth = text.isin(_TRUE)
            fail(~truth & ~text.isin(_FALSE), name,
                 lambda p, t=text: f"{t.iloc[p]!r} is not true/false")
            out[name] = truth.values
        elif name == "images":
            text = _text(values).fillna("")
            controls = text.map(_control_character)
            fail(controls.notna(), name,
                 lambda p, c=controls: f"holds the control character {c.iloc[p]}; remove it")
            out[name] = text.values
        else:
            text = _text(values)
            controls = text.map(_control_character)
            fail(controls.notna(), name,
                 lambda p, c=controls: f"holds the control character {c.iloc[p]}, which would "
                                       "cut or garble the text; remove it")
            if name in NULLABLE_TEXT or name == "account":
                text = text.str.strip().replace("", None)
            elif name in TEXT:
                text = text.fillna("")
                if name != "description":
                    text = text.str.strip()
            out[name] = text.values
    out["bad"] = bad.values
    return out, rejected, provided


def _control_character(text: str | None) -> str | None:
    """The first control character (other than tab and line ends) in ``text``, named; a NUL
    would silently cut the text where DuckDB or eBay reads it."""
    if not text:
        return None
    for char in text:
        if char not in "\t\n\r" and unicodedata.category(char) == "Cc":
            return f"U+{ord(char):04X}"
    return None


def _text(values: pd.Series) -> pd.Series:
    """Cells as text (None for missing), whatever the file type gave."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values.astype(object).where(values.notna(), None)

    def one(value: Any) -> str | None:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return values.map(one).astype(object)


def _money(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Money cells → two-place text (None for blank) and an error per cell (None when fine).

    Plain amounts (``749.99``) are taken as they are; anything else goes through ``to_money``,
    the one parser, once per distinct value (``$1,234.50``, Decimals, ints).
    """
    parsed: dict[Any, str | None] = {}
    errors: dict[Any, str] = {}
    plain = re.compile(_PLAIN_MONEY)
    for value in pd.unique(values.astype(object)):
        if value is None or (not isinstance(value, (str, Decimal)) and pd.isna(value)):
            parsed[value] = None
            continue
        if isinstance(value, str):
            text = value.strip()
            if not text:
                parsed[value] = None
                continue
            if plain.fullmatch(text):
                parsed[value] = text
                continue
            if _DECIMAL_COMMA.search(text):
                parsed[value], errors[value] = None, (
                    f"{text[:40]!r} has a decimal comma, which is ambiguous here; write the "
                    "amount with a decimal point, like 349.99")
                continue
        try:
            parsed[value] = str(to_money(value))
        except (InputError, TypeError) as error:
            reason = error.reason if isinstance(error, InputError) else str(error)
            parsed[value], errors[value] = None, reason
    return values.map(parsed), values.map(errors)
