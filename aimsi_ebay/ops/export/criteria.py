"""Which flagged records an export picks: the criteria as typed, and their SQL."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from aimsi_ebay.errors import InputError
from aimsi_ebay.rules.money import to_money
from aimsi_ebay.sql.literal import literal


@dataclass(frozen=True)
class ExportCriteria:
    """Which flagged records to list; every criterion is optional and they combine with AND."""

    vendor: str | None = None
    department: str | None = None
    item_category: str | None = None
    ebay_category: str | None = None
    sku_pattern: str | None = None  # a prefix, or a pattern with * and ?
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    default_account: str | None = None
    not_exported_since: date | None = None  # last exported before this day, or never

    @classmethod
    def parse(cls, **raw: object) -> ExportCriteria:
        """Criteria from text as typed in the dashboard or on the command line."""
        unknown = set(raw) - set(cls.__dataclass_fields__)
        if unknown:
            raise InputError(f"unknown criteria: {', '.join(sorted(unknown))}")
        values: dict[str, object] = {}
        for name, value in raw.items():
            if isinstance(value, str):
                value = value.strip() or None
            values[name] = value
        for name in ("min_price", "max_price"):
            if values.get(name) is not None and not isinstance(values[name], Decimal):
                values[name] = to_money(values[name], field=name)
        since = values.get("not_exported_since")
        if isinstance(since, str):
            try:
                values["not_exported_since"] = date.fromisoformat(since)
            except ValueError:
                raise InputError(f"{since!r} is not a date like 2026-11-01",
                                 field="not_exported_since") from None
        criteria = cls(**values)  # type: ignore[arg-type]
        if criteria.min_price is not None and criteria.max_price is not None \
                and criteria.min_price > criteria.max_price:
            raise InputError(f"minimum price {criteria.min_price} is above the maximum "
                             f"{criteria.max_price}", field="min_price")
        return criteria

    def as_json(self) -> dict[str, str]:
        """The criteria that are set, as text (stored with the batch)."""
        return {name: str(value) for name, value in asdict(self).items() if value is not None}

    def uses_items(self) -> bool:
        return any(v is not None for v in (self.vendor, self.department, self.item_category))

    def values_sql(self, own_account: int | None = None) -> str:
        """A one-row SELECT of the criteria as typed columns.

        The selection is a view (views take no parameters), so the values live in a one-row
        table ``c`` that ``where`` compares against. ``own_account`` is the exporting account
        when records of other accounts are left out. The values are literals: this is the
        export dashboard's first read, which binds no parameter (``sql.literal``).
        """
        values: dict[str, tuple[str, object]] = {
            "vendor": ("VARCHAR", self.vendor),
            "department": ("VARCHAR", self.department),
            "item_category": ("VARCHAR", self.item_category),
            "ebay_category": ("VARCHAR", self.ebay_category),
            "sku_like": ("VARCHAR", sku_like(self.sku_pattern) if self.sku_pattern else None),
            "min_price": ("DECIMAL(12,2)", self.min_price),
            "max_price": ("DECIMAL(12,2)", self.max_price),
            "default_account": ("VARCHAR", self.default_account),
            "not_exported_since": ("DATE", self.not_exported_since),
            "own_account": ("BIGINT", own_account),
        }
        return "SELECT " + ", ".join(f"{literal(value, kind)} AS {name}"
                                     for name, (kind, value) in values.items())

    def where(self, *, own_account_only: bool = False) -> str:
        """SQL conditions over r (ebay_records), i (items), da (default account), c (the values);
        ``own_account_only`` leaves out records whose default account is not ``c.own_account``."""
        conditions = ["r.update_ebay"]
        if own_account_only:
            conditions.append("coalesce(r.account_id = c.own_account, TRUE)")
        for column, value, name in (("i.vendor", self.vendor, "vendor"),
                                    ("i.department", self.department, "department"),
                                    ("i.category", self.item_category, "item_category")):
            if value is not None:
                conditions.append(f"lower({column}) = lower(c.{name})")
        if self.ebay_category is not None:
            conditions.append("(r.category1_id = c.ebay_category OR r.category2_id = c.ebay_category)")
        if self.sku_pattern is not None:
            conditions.append("r.sku ILIKE c.sku_like ESCAPE '\\'")
        if self.min_price is not None:
            conditions.append("r.start_price >= c.min_price")
        if self.max_price is not None:
            conditions.append("r.start_price <= c.max_price")
        if self.default_account is not None:
            conditions.append("da.name = c.default_account")
        if self.not_exported_since is not None:
            conditions.append("(r.last_exported_at IS NULL OR r.last_exported_at < c.not_exported_since)")
        return " AND ".join(conditions)


def sku_like(pattern: str) -> str:
    """A LIKE pattern: ``*`` and ``?`` are wildcards; without them the text is a prefix."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if "*" in pattern or "?" in pattern:
        return escaped.replace("*", "%").replace("?", "_")
    return escaped + "%"

