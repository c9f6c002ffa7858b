"""``init``, ``demo [--reset]``, ``serve``."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from aimsi_ebay.cli import serve as serving
from aimsi_ebay.demo import store as demo
from aimsi_ebay.ops import Database


def register(subparsers, common: argparse.ArgumentParser) -> None:
    init = subparsers.add_parser("init", parents=[common], help="create or migrate the database")
    init.set_defaults(handler=_init)

    build = subparsers.add_parser(
        "demo", parents=[common], help="build the demo music store (only into an empty database)"
    )
    build.add_argument("--reset", action="store_true",
                       help="rebuild a demo store (refused for a database that is not one)")
    build.add_argument("--replace-real-store", action="store_true",
                       help="replace a database that is NOT a demo store; it is kept as a dated backup")
    build.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help=argparse.SUPPRESS)
    build.set_defaults(handler=_demo)

    serve = subparsers.add_parser("serve", help="serve the dashboards with Voilà")
    serve.add_argument("--port", type=int, default=serving.DEFAULT_PORT, help="default %(default)s")
    serve.add_argument(
        "--ip", default=serving.DEFAULT_IP, metavar="ADDRESS", help="listen address (default %(default)s)"
    )
    serve.add_argument("--token-file", metavar="FILE",
                       help="the login token's file (default: .dashboard_token in the data folder;"
                            " created, readable by you only)")
    serve.add_argument("--no-token", action="store_true",
                       help="serve without a login (only on a loopback address)")
    serve.add_argument("--max-dashboards", type=int, default=serving.DEFAULT_MAX_DASHBOARDS,
                       metavar="N", help="open dashboards (kernels) at most (default %(default)s)")
    serve.add_argument("--trusted-user-header", metavar="NAME",
                       help="behind a proxy that signs each person in (deploy/nginx.conf): the"
                            " audit log's operator is this request header, e.g. X-Forwarded-User"
                            " (loopback address and token required)")
    serve.set_defaults(handler=_serve)


def _init(args: argparse.Namespace, db: Database):
    applied = db.migrate()
    return {"database": db.location, "migrations_applied": applied}, (
        f"{db.location}: " + (f"applied migration(s) {applied}" if applied else "up to date")
    )


def _demo(args: argparse.Namespace, db: Database):
    report = demo.build_demo(db, reset=args.reset, replace_real_store=args.replace_real_store,
                             seed=args.seed)
    counts = ", ".join(f"{value} {key}" for key, value in report.counts.items())
    return asdict(report), f"{db.location}: demo store built in {report.seconds:.1f} s ({counts})"


def _serve(args: argparse.Namespace, db: Database):
    serving.serve(db, port=args.port, ip=args.ip, token_file=args.token_file,  # becomes Voilà
                  no_token=args.no_token, max_dashboards=args.max_dashboards,
                  trusted_user_header=args.trusted_user_header)
