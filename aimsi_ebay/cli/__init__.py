"""The command line: a thin shell over the operations.

Each command group lives in its own module with ``register(subparsers, common)``; a command's
handler takes the parsed arguments and a ``Database`` and returns a JSON-able dict (the
``--json`` output) and a human summary.

Exit codes, one rule for every command (README "Exit codes"):
0 everything done; 2 bad input, nothing written (one line on stderr says why); 4 written, but some
rows were rejected (listed in the output); 1 anything else (a busy database, an interruption).
Only ``init`` and ``demo`` create a database; every other command names a missing one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence

from aimsi_ebay.errors import AimsiError, InputError
from aimsi_ebay.ops import Database

# Command-group modules, in the order their commands appear in --help.
COMMAND_MODULES = [
    "aimsi_ebay.cli.core",
    "aimsi_ebay.cli.categories",
    "aimsi_ebay.cli.listings",
    "aimsi_ebay.cli.accounts",
    "aimsi_ebay.cli.export",
    "aimsi_ebay.cli.sales",
    "aimsi_ebay.cli.shipping",
    "aimsi_ebay.cli.invoice",
    "aimsi_ebay.cli.reconcile",
    "aimsi_ebay.cli.shop_maps",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_PARTIAL = 4
CREATING_COMMANDS = ("init", "demo")
# What a command's result calls its rejected rows, and what it wrote despite them.
_REJECTED_KEYS = ("rejected", "skipped")
_WRITTEN_KEYS = ("written", "exported", "sales", "added", "rows_new")


def outcome_code(result: dict[str, object]) -> int:
    """0 when nothing was rejected; else 4 when something was written, 2 when nothing was (a
    dry run writes nothing)."""
    if not any(result.get(key) for key in _REJECTED_KEYS):
        return EXIT_OK
    if result.get("dry_run"):
        return EXIT_BAD_INPUT
    written = next((result[key] for key in _WRITTEN_KEYS if result.get(key) is not None), 0)
    return EXIT_PARTIAL if written else EXIT_BAD_INPUT


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on a usage error already; keep its message to one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aimsi-ebay", description="A music store's eBay operations workbench.")
    parser.add_argument(
        "--db",
        metavar="LOCATION",
        help="a DuckDB file, or postgresql://user@host/db for a shared database (default: "
        "$AIMSI_EBAY_DB, else data/aimsi_ebay.duckdb)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON object")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    as_json = getattr(args, "json", False)
    try:
        db = Database(args.db, create=args.command in CREATING_COMMANDS)
        result, summary = args.handler(args, db)
    except InputError as error:
        return _fail(as_json, EXIT_BAD_INPUT, error.message, error.as_dict())
    except (IsADirectoryError, NotADirectoryError, FileNotFoundError, PermissionError) as error:
        reason = f"{error.filename}: {error.strerror}" if error.filename else str(error)
        return _fail(as_json, EXIT_BAD_INPUT, reason, {"reason": reason})
    except AimsiError as error:
        return _fail(as_json, EXIT_ERROR, str(error), {"reason": str(error)})
    except KeyboardInterrupt:
        return _fail(as_json, EXIT_ERROR, "interrupted", {"reason": "interrupted"})
    code = outcome_code(result)
    if as_json:
        print(json.dumps({"ok": code == EXIT_OK, "exit_code": code, **result}, default=str))
    elif summary:
        print(summary)
    if code != EXIT_OK:
        count = len(next(result[key] for key in _REJECTED_KEYS if result.get(key)))
        outcome = "nothing written" if code == EXIT_BAD_INPUT else "the valid rows were written"
        print(f"aimsi-ebay: {count} row(s) rejected; {outcome}", file=sys.stderr)
    return code


def _fail(as_json: bool, code: int, message: str, detail: dict[str, object]) -> int:
    if as_json:
        print(json.dumps({"ok": False, "error": message, **detail}, default=str))
    print(f"aimsi-ebay: {' '.join(message.split())}", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
