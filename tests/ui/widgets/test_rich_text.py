"""The rich-text editor widget: its bundled asset ships in the package and loads nothing remotely."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch

from aimsi_ebay.ui.widgets.rich_text import STATIC, RichTextEditor
from tests.conftest import ROOT

ASSET = STATIC / "rich_text.js"
# Loading a script or stylesheet from an address: import/fetch/src/href/@import with http(s).
_REMOTE_LOAD = re.compile(
    r"""(import\s*\(?\s*["']https?://|from\s*["']https?://|fetch\(\s*["']https?://"""
    r"""|@import\s+(url\()?["']?https?://|\b(src|href)\s*=\s*["']https?://"""
    r"""|\.(src|href)\s*=\s*["']https?://|createElement\(\s*["'](script|link)["']\))""",
    re.IGNORECASE,
)


def test_the_asset_is_one_es_module_with_a_render_export():
    text = ASSET.read_text()
    assert re.search(r"export\s*\{[^}]*\bas default\b[^}]*\}", text)
    assert "render" in text
    # One module: nothing left to import at run time (esbuild inlined every dependency).
    assert not re.search(r"""(^|[;}\s])import\s*[\w{*"'(]""", text)


def test_no_cdn_the_asset_and_css_load_nothing_remote():
    for path in (ASSET, STATIC / "rich_text.css"):
        found = _REMOTE_LOAD.findall(path.read_text())
        assert not found, f"{path.name} loads something remotely: {found}"


def test_the_remote_load_check_can_fail():
    for bad in ('import x from "https://cdn.jsdelivr.net/npm/x"', 'fetch("https://cdn/x.css")',
                "@import url(https://fonts.example/x.css);", 'el.src = "https://cdn/x.js"',
                'document.createElement("script")'):
        assert _REMOTE_LOAD.search(bad), bad


def test_the_licences_ship_beside_the_asset():
    licences = (STATIC / "LICENSES.txt").read_text()
    for package in ("@tiptap/core", "prosemirror-model", "prosemirror-view", "linkifyjs"):
        assert f"\n{package} " in licences
    assert licences.count("Permission is hereby granted") >= 30


def test_the_wheel_includes_the_static_files():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["aimsi_ebay"]
    for path in STATIC.iterdir():
        relative = path.relative_to(ROOT / "aimsi_ebay").as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


def test_the_widget_reads_the_committed_asset_and_its_traits():
    editor = RichTextEditor(value=None, target_class="sku-description")
    assert editor._esm == ASSET.read_text()
    assert editor._css == (STATIC / "rich_text.css").read_text()
    assert editor.value == "" and editor.is_open is False
    assert "rich-text-editor" in editor._dom_classes
    seen = []
    editor.observe(lambda change: seen.append(change["new"]), names="value")
    editor.value = "<p><strong>x</strong></p>"
    assert seen == ["<p><strong>x</strong></p>"]
    assert {"value", "is_open", "target_class", "button_label"} <= set(editor.keys)
