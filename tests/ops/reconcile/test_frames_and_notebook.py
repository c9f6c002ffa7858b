"""Analysts' DataFrames keep Decimal money; the money review notebook runs on the demo store."""

import os
import subprocess
import sys
from decimal import Decimal

from aimsi_ebay.ops.reconcile.frames import view_frames
from tests.conftest import ROOT


def test_frames_hold_decimals(demo_db):
    frames = view_frames(demo_db)
    orders = frames["shipping"]["orders"]
    assert orders["margin"].dtype == object and isinstance(orders["margin"].sum(), Decimal)
    assert set(frames) == {"shipping", "deposits", "payouts", "batches"}
    assert frames["payouts"]["fees_by_month"]["fee_share_pct"].map(type).eq(Decimal).all()


def test_money_review_notebook_runs_on_the_demo_store(demo_db):
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider",
         "notebooks/analysis/money_review.ipynb"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**os.environ, "AIMSI_EBAY_DB": demo_db.environment_value},
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
