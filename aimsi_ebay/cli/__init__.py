"""The command line: a thin shell over the operations.

Each command group lives in its own module with ``register(subparsers, common)``; a command's
handler takes the parsed arguments and a ``Database`` and returns a JSON-able dict (the
``--json`` output) and a human summary. Exit 0 on success, 2 on bad input with a one-line reason.
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
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2


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
        db = Database(args.db)
        result, summary = args.handler(args, db)
    except InputError as error:
        return _fail(as_json, EXIT_BAD_INPUT, error.message, error.as_dict())
    except AimsiError as error:
        return _fail(as_json, EXIT_ERROR, str(error), {"reason": str(error)})
    except KeyboardInterrupt:
        return _fail(as_json, EXIT_ERROR, "interrupted", {"reason": "interrupted"})
    if as_json:
        print(json.dumps({"ok": True, **result}, default=str))
    elif summary:
        print(summary)
    return EXIT_OK


def _fail(as_json: bool, code: int, message: str, detail: dict[str, object]) -> int:
    if as_json:
        print(json.dumps({"ok": False, "error": message, **detail}, default=str))
    print(f"aimsi-ebay: {' '.join(message.split())}", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
