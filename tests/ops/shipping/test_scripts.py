"""The shipping SQL programs: statements split, parameters bound, rare stages run only when
their condition holds."""

from __future__ import annotations

import duckdb

from aimsi_ebay.ops.shipping.scripts import run_script, statements

PROGRAM = """
-- a table
CREATE TABLE t (n INTEGER);
INSERT INTO t VALUES ($n);
-- rare: only when asked
-- only when: more
INSERT INTO t VALUES ($n + 1);
INSERT INTO t VALUES (100);
"""


def test_statements_carry_their_condition():
    assert [(condition, sql.split()[0]) for condition, sql in statements(PROGRAM)] == [
        (None, "CREATE"), (None, "INSERT"), ("more", "INSERT"), (None, "INSERT")]


def test_a_conditional_statement_runs_only_when_its_condition_holds():
    for more, expected in ((False, [1, 100]), (True, [1, 2, 100])):
        con = duckdb.connect()
        asked: list[int] = []

        def condition(more=more, con=con, asked=asked) -> bool:
            # asked when its turn comes: the statements before it have run
            asked.append(con.execute("SELECT count(*) FROM t").fetchone()[0])
            return more

        run_script(con, PROGRAM, {"n": 1}, {"more": condition})
        assert [row[0] for row in con.execute("SELECT n FROM t ORDER BY n").fetchall()] \
            == expected
        assert asked == [1]
