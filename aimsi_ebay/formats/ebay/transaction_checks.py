"""The identities a Transaction report's rows must satisfy (see ``transactions.py`` for what the
real reports showed): net = gross + fees per (type, order number); an order's gross = item
subtotal + shipping + seller tax; Σ net of a payout's rows = − its Payout row's net. Results are
data (:class:`Violation`, :class:`PayoutSummary`), never exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from aimsi_ebay.rules.money import ZERO, money_str

if TYPE_CHECKING:
    from aimsi_ebay.formats.ebay.transactions import TransactionRow

PAYOUT_WINDOW = timedelta(days=7)  # how far a payout's rows may precede it


@dataclass(frozen=True)
class Violation:
    """An identity that does not hold: ``kind`` is ``net`` (net = gross + fees), ``gross``
    (an order's gross = item subtotal + shipping + seller tax) or ``payout``."""

    kind: str
    key: str
    rows: tuple[int, ...]
    expected: Decimal
    actual: Decimal
    reason: str


@dataclass(frozen=True)
class PayoutSummary:
    """A payout seen in the report: ``amount`` is what reached the bank (− the Payout row's
    net; None when the Payout row is outside the report), ``rows_net`` Σ net of the rows it paid."""

    payout_id: str
    payout_date: date | None
    amount: Decimal | None
    rows_net: Decimal
    row_count: int
    rows: tuple[int, ...] = ()  # the Payout row's line first, then its rows'

    @property
    def balanced(self) -> bool | None:
        return None if self.amount is None else self.amount == self.rows_net


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def _groups(rows: list[TransactionRow]) -> dict[str, list[TransactionRow]]:
    groups: dict[str, list[TransactionRow]] = {}
    for row in rows:
        key = f"{row.type} {row.order_number}" if row.order_number else f"row {row.row}"
        if row.is_payout:
            key = f"row {row.row}"
        groups.setdefault(key, []).append(row)
    return groups


def net_checks(rows: list[TransactionRow]) -> list[Violation]:
    found = []
    for key, group in _groups(rows).items():
        if all(r.gross_amount is None and r.net_amount is None for r in group):
            continue
        expected = _sum([r.gross_amount for r in group]) + _sum([r.total_fees for r in group])
        actual = _sum([r.net_amount for r in group])
        if expected != actual:
            reason = f"{key}: net {money_str(actual)} is not gross + fees = {money_str(expected)}"
            lines = tuple(r.row for r in group)
            found.append(Violation("net", key, lines, expected, actual, reason))
    return found


def gross_checks(rows: list[TransactionRow]) -> list[Violation]:
    """Order rows: gross = item subtotal + shipping + seller tax. The seller-tax part is not
    confirmed by the real reports (their seller tax is 0 or ``--``)."""
    found = []
    for key, group in _groups([r for r in rows if r.type.lower() == "order"]).items():
        if all(r.item_subtotal is None for r in group):
            continue
        expected = _sum(
            [r.item_subtotal for r in group]
            + [r.shipping_and_handling for r in group]
            + [r.seller_collected_tax for r in group]
        )
        actual = _sum([r.gross_amount for r in group])
        if expected != actual:
            reason = (
                f"{key}: gross {money_str(actual)} is not item subtotal + shipping"
                f" + seller tax = {money_str(expected)}"
            )
            found.append(
                Violation("gross", key, tuple(r.row for r in group), expected, actual, reason)
            )
    return found


def payouts_of(rows: list[TransactionRow]) -> list[PayoutSummary]:
    own = {row.payout_id: row for row in rows if row.is_payout and row.payout_id}
    paid: dict[str, list[TransactionRow]] = {}
    for row in rows:
        if row.payout_id and not row.is_payout:
            paid.setdefault(row.payout_id, []).append(row)
    found = []
    for payout_id in sorted(own.keys() | paid.keys()):
        payout, members = own.get(payout_id), paid.get(payout_id, [])
        when = payout.creation_date if payout else next((r.payout_date for r in members), None)
        amount = -(payout.net_amount or ZERO) + ZERO if payout else None
        net = _sum([r.net_amount for r in members])
        lines = ((payout.row,) if payout else ()) + tuple(r.row for r in members)
        found.append(PayoutSummary(payout_id, when, amount, net, len(members), lines))
    return found


def payout_checks(payouts: list[PayoutSummary], start: date | None) -> list[Violation]:
    found = []
    for payout in payouts:
        if payout.balanced is not False:
            continue
        reason = (
            f"payout {payout.payout_id}: {money_str(payout.amount)} paid out, but its"
            f" {payout.row_count} row(s) here net {money_str(payout.rows_net)}"
        )
        if start and payout.payout_date and payout.payout_date - start <= PAYOUT_WINDOW:
            reason += " (it is near the report's start: its other rows may precede the report)"
        found.append(
            Violation("payout", payout.payout_id, payout.rows, payout.amount or ZERO,
                      payout.rows_net, reason)
        )  # fmt: skip
    return found
