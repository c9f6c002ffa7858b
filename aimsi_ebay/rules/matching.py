"""Customer match scoring: pure, no database.

A sale links automatically only on a normalised e-mail or a known eBay user id (done in SQL by
the import). Otherwise these rules rank the customers on file: name similarity (rapidfuzz on
folded names), the same normalised phone, the same postal code and the same street, each with a
reason the operator can read ("same phone", "name 0.93, same ZIP").
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from aimsi_ebay.rules.normalise import email_key, fold, phone_key, postal_key, street_key

# Weights of the evidence; a candidate needs at least MIN_SCORE to be shown.
NAME_WEIGHT = 0.40
PHONE_WEIGHT = 0.30
POSTAL_WEIGHT = 0.15
STREET_WEIGHT = 0.15
MIN_SCORE = 0.35
# How sure a candidate is: strong (link it), possible (look first), weak (confirm to link).
STRONG_SCORE = 0.80
POSSIBLE_SCORE = 0.55


@dataclass(frozen=True)
class Person:
    """The comparable facts about a buyer or a customer."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address1: str | None = None
    address2: str | None = None
    postal_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Candidate:
    customer_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    detail: str = ""

    @property
    def reason_text(self) -> str:
        return ", ".join(self.reasons)

    @property
    def strength(self) -> str:
        return strength(self.score)

    @property
    def label(self) -> str:
        """What the operator reads: strength first, then the score and its reasons."""
        return (
            f"{self.strength.upper()} · #{self.customer_id} {self.name} — score {self.score:.2f}:"
            f" {self.reason_text or 'no shared detail'}"
            + (f" ({self.detail})" if self.detail else "")
        )


def strength(value: float) -> str:
    """'strong', 'possible' or 'weak' for a match score."""
    if value >= STRONG_SCORE:
        return "strong"
    return "possible" if value >= POSSIBLE_SCORE else "weak"


def name_similarity(left: str | None, right: str | None) -> float:
    """0..1: folded names compared regardless of word order ('Lee, Olivia' = 'Olivia Lee')."""
    a, b = fold(left), fold(right)
    if not a or not b:
        return 0.0
    return fuzz.token_sort_ratio(a, b) / 100.0


def score(sale: Person, customer: Person) -> tuple[float, tuple[str, ...]]:
    """The match score (0..1) of a customer for a sale's buyer, and the reasons for it."""
    reasons: list[str] = []
    sale_email, customer_email = email_key(sale.email), email_key(customer.email)
    if sale_email and sale_email == customer_email:
        return 1.0, ("same e-mail",)
    similarity = name_similarity(sale.name, customer.name)
    total = NAME_WEIGHT * similarity
    if similarity >= 0.5:
        reasons.append(f"name {similarity:.2f}")
    sale_words, customer_words = fold(sale.name).split(), fold(customer.name).split()
    if (  # neither last word among the other's words ('Lee, Olivia' = 'Olivia Lee')
        sale_words
        and customer_words
        and sale_words[-1] not in customer_words
        and customer_words[-1] not in sale_words
    ):
        reasons.append("different surname")
    sale_phone, customer_phone = phone_key(sale.phone), phone_key(customer.phone)
    if sale_phone and sale_phone == customer_phone:
        total += PHONE_WEIGHT
        reasons.insert(0, "same phone")
    sale_postal = postal_key(sale.postal_code, sale.country)
    if sale_postal and sale_postal == postal_key(customer.postal_code, customer.country):
        total += POSTAL_WEIGHT
        reasons.append("same ZIP")
    sale_street = street_key(sale.address1, sale.address2)
    if sale_street and sale_street == street_key(customer.address1, customer.address2):
        total += STREET_WEIGHT
        reasons.append("same street")
    return round(min(total, 1.0), 3), tuple(reasons)


def rank(sale: Person, customers: list[tuple[int, Person]], *, limit: int = 5) -> list[Candidate]:
    """The best ``limit`` customers for the sale, best first, those under MIN_SCORE left out."""
    found = []
    for customer_id, person in customers:
        value, reasons = score(sale, person)
        if value >= MIN_SCORE:
            detail = ", ".join(
                part
                for part in (person.email, person.phone, person.address1, person.postal_code)
                if part
            )
            found.append(Candidate(customer_id, person.name or "", value, reasons, detail))
    found.sort(key=lambda candidate: (-candidate.score, candidate.customer_id))
    return found[:limit]
