"""The arrows point one way (STYLE.md, README "Design"): an allow-list per package.

Each package may import only the packages listed for it (and itself); any other import of the
package's own modules, or of a library reserved to another layer (DuckDB below ``db``/``ops``,
ipywidgets outside ``ui``), fails this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "aimsi_ebay"

# What each layer may import from the package (besides itself).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "config": {"errors"},
    "rules": {"errors"},
    "sql": {"rules", "errors"},  # SQL twins of the pure rules
    "formats": {"rules", "sql", "errors"},  # sql: the readers run DuckDB in memory as a CSV engine
    "db": {"sql", "errors", "config"},
    "ops": {"rules", "formats", "sql", "db", "errors", "config"},
    "demo": {"ops", "rules", "formats", "db", "errors", "config"},  # builds a store through ops
    "ui": {"ops", "rules", "errors", "config"},
    "cli": {"ops", "demo", "rules", "errors", "config", "ui"},  # ui: serve writes the dashboards
}
# Third-party libraries reserved to some layers.
LIBRARIES: dict[str, set[str]] = {
    "ipywidgets": {"ui"},
    "ipydatagrid": {"ui"},
    "anywidget": {"ui"},
    "traitlets": {"ui"},
    "voila": {"cli"},
    "duckdb": {"formats", "db", "ops", "demo"},
}


def layer_of(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package).parts
    if parts[0] in ("__init__.py", "__main__.py"):
        return "cli"
    return parts[0].removesuffix(".py")


def imports_of(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "aimsi_ebay":
                yield from (f"aimsi_ebay.{alias.name}" for alias in node.names)
            else:
                yield node.module


def wrong_imports(package: Path = PACKAGE) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        assert layer in ALLOWED, f"{path}: no layer '{layer}' in the allow-list"
        for name in imports_of(path):
            parts = name.split(".")
            if parts[0] == "aimsi_ebay" and len(parts) > 1:
                target = parts[1].removesuffix(".py")
                if target != layer and target not in ALLOWED[layer]:
                    wrong.append(f"{path.relative_to(package)} ({layer}) imports {name}")
            elif parts[0] in LIBRARIES and layer not in LIBRARIES[parts[0]]:
                wrong.append(f"{path.relative_to(package)} ({layer}) imports {name}")
    return wrong


def test_every_import_is_allowed():
    wrong = wrong_imports()
    assert not wrong, "\n".join(wrong)


def test_a_planted_wrong_way_import_is_caught(tmp_path):
    fake = tmp_path / "aimsi_ebay"
    for folder, text in {
        "rules": "from aimsi_ebay.db import Database\n",
        "formats": "import ipywidgets\n",
        "ui": "from aimsi_ebay.db import audit\nimport duckdb\n",
        "ops": "from aimsi_ebay.ui import common\n",
    }.items():
        (fake / folder).mkdir(parents=True)
        (fake / folder / "planted.py").write_text(text)
    found = wrong_imports(fake)
    assert len(found) == 5, found


def test_widgets_hold_no_sql():
    for path in (PACKAGE / "ui").rglob("*.py"):
        text = path.read_text()
        for keyword in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
            assert f'"{keyword}' not in text and f"'{keyword}" not in text, f"SQL in {path.name}"


def test_no_sequences_or_returning_outside_db():
    """Ids and document numbers come from ``db.ids`` (portable to PostgreSQL later)."""
    for path in PACKAGE.rglob("*.py"):
        if layer_of(path) == "db":
            continue
        text = path.read_text()
        assert "nextval(" not in text and "RETURNING" not in text, path
