"""Money and white space in SQL: the twins of ``aimsi_ebay.rules.money`` (property-tested equal)."""

from __future__ import annotations

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
WS_CLASS = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in WHITESPACE) + "]"


def strip_sql(expr: str) -> str:
    """SQL for ``str.strip()`` of a text expression."""
    return (
        f"CASE WHEN regexp_matches({expr}, '^{WS_CLASS}|{WS_CLASS}$')"
        f" THEN trim({expr}, '{WHITESPACE}') ELSE {expr} END"
    )


def money_sql(source: str) -> str:
    """SQL (a query) parsing the texts in column ``t`` of ``source`` exactly as :func:`to_money`:
    columns ``t`` and ``amount`` (DECIMAL(12,2); NULL where to_money refuses the text). A blank
    text is refused here too (callers decide whether blank means zero). Property-tested against
    to_money (tests/rules/test_money_sql.py); the refusal's wording comes from to_money itself."""
    s = strip_sql
    return f"""
    WITH m0 AS (SELECT t, {s("t")} AS s FROM {source}),
    m1 AS (SELECT t, s LIKE '(%)' AS paren,
                  CASE WHEN s LIKE '(%)' THEN {s("regexp_extract(s, '(?s)^[(](.*)[)]$', 1)")}
                       ELSE s END AS s FROM m0),
    m2 AS (SELECT t, paren, starts_with(s, '-') AS neg1,
                  CASE WHEN starts_with(s, '-') THEN {s("substr(s, 2)")} ELSE s END AS s FROM m1),
    m3 AS (SELECT t, paren, neg1, {s(
        f"regexp_replace(upper(s), '^(?:[A-Z]{{1,3}}{WS_CLASS}*)?(?:[$£€¥]{WS_CLASS}*)?', '')"
    )} AS s FROM m2),
    m4 AS (SELECT t, CAST(paren AS INTEGER) + CAST(neg1 AS INTEGER)
                     + CAST(starts_with(s, '-') AS INTEGER) AS signs,
                  CASE WHEN starts_with(s, '-') THEN {s("substr(s, 2)")} ELSE s END AS s FROM m3),
    m5 AS (SELECT t, signs,
                  CASE WHEN regexp_full_match(s,
                          '[0-9]{{1,3}}(,[0-9]{{3}})+([.][0-9]+)?|[0-9]+([.][0-9]+)?|[.][0-9]+')
                       THEN replace(s, ',', '')
                       WHEN regexp_full_match(s, '[0-9]{{1,3}}([.][0-9]{{3}})*,[0-9]{{1,2}}')
                       THEN replace(replace(s, '.', ''), ',', '.') END AS num FROM m4),
    m6 AS (SELECT t, signs, num, ltrim(split_part(num, '.', 1), '0') AS whole,
                  split_part(num, '.', 2) AS frac FROM m5)
    SELECT t, CASE WHEN s_ok THEN CAST(sign_text || coalesce(nullif(whole, ''), '0') || '.'
                                      || rpad(left(frac, 2), 2, '0') AS DECIMAL(12,2)) END
              AS amount
    FROM (SELECT *, signs <= 1 AND num IS NOT NULL AND rtrim(substr(frac, 3), '0') = ''
                    AND length(whole) <= 10 AS s_ok,
                 CASE WHEN signs = 1 THEN '-' ELSE '' END AS sign_text FROM m6)"""


def prorate_sql(amount: str, part: str, whole: str) -> str:
    """SQL for ``round_money(amount * part / whole)``, exactly: DuckDB divides DECIMALs in
    DOUBLE, so the share is computed in integer cents (HUGEINT), rounded half away from zero as
    ROUND_HALF_UP does. ``whole`` must be positive (callers handle the rest)."""
    product = (f"(CAST(round(({amount}) * 100) AS HUGEINT)"
               f" * CAST(round(({part}) * 100) AS HUGEINT))")
    divisor = f"CAST(round(({whole}) * 100) AS HUGEINT)"
    cents = f"(sign({product}) * ((2 * abs({product}) + {divisor}) // (2 * {divisor})))"
    return f"CAST(CAST({cents} AS DECIMAL(38,0)) * 0.01 AS DECIMAL(12,2))"
