"""The arrows point one way: ui, cli → operations → db, formats, rules (STYLE.md)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "aimsi_ebay"

# What each layer may import from the package.
FORBIDDEN = {
    "rules": ("aimsi_ebay.db", "aimsi_ebay.formats", "aimsi_ebay.ui", "aimsi_ebay.cli", "duckdb"),
    "formats": ("aimsi_ebay.db", "aimsi_ebay.ui", "aimsi_ebay.cli"),  # duckdb in memory: a CSV engine
    "db": ("aimsi_ebay.ui", "aimsi_ebay.cli", "aimsi_ebay.formats"),
    "ui": ("aimsi_ebay.cli", "duckdb", "aimsi_ebay.db.migrations"),
    "operations": ("aimsi_ebay.ui", "aimsi_ebay.cli", "ipywidgets", "ipydatagrid"),
}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] == "__main__.py":
        return "cli"
    return parts[0] if len(parts) > 1 and parts[0] in FORBIDDEN else (
        "cli" if parts[0] == "cli" else "operations")


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_layer_imports_upwards():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        layer = _layer(path)
        for name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN.get(layer, ())):
                wrong.append(f"{path.relative_to(PACKAGE)} ({layer}) imports {name}")
    assert not wrong, "\n".join(wrong)


def test_widgets_hold_no_sql():
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text()
        for keyword in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
            assert f'"{keyword}' not in text and f"'{keyword}" not in text, f"SQL in {path.name}"
