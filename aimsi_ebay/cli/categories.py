"""``categories load FILE``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from aimsi_ebay.ops import Database
from aimsi_ebay.ops.categories import load_categories


def register(subparsers, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("categories", help="the eBay category tree")
    actions = group.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    load = actions.add_parser(
        "load", parents=[common], help="load or reload the tree (Taxonomy JSON or GetCategories CSV)"
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument("--replace", action="store_true",
                      help="allow a reload that removes most of the tree in the database")
    load.set_defaults(handler=_load)


def _load(args: argparse.Namespace, db: Database):
    report = load_categories(db, args.file, replace=args.replace)
    summary = (
        f"{report.file}: {report.categories} categories ({report.leaves} leaves) loaded; "
        f"{report.records_flagged} record(s) flagged, {report.records_cleared} cleared"
    )
    return asdict(report), summary
