"""The dashboards' Voilà template: Voilà's lab template without its Font Awesome CDN links."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from jupyter_core.paths import jupyter_path

from aimsi_ebay.ui.dashboards import TEMPLATE_SHARE, voila_settings

OURS = TEMPLATE_SHARE / "voila" / "templates" / "aimsi"
CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/"


def _lab_template() -> str:
    for folder in jupyter_path("voila", "templates", "lab"):
        path = Path(folder) / "index.html.j2"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise AssertionError("Voilà's lab template is not installed")


def test_voila_serves_the_aimsi_template_based_on_lab():
    assert json.loads(voila_settings())["VoilaConfiguration"]["template"] == "aimsi"
    assert json.loads((OURS / "conf.json").read_text())["base_template"] == "lab"
    assert (Path(jupyter_path("voila", "templates")[0]) / "aimsi").exists() or any(
        (Path(p) / "aimsi" / "index.html.j2").exists() for p in jupyter_path("voila", "templates"))


def test_the_template_drops_exactly_the_cdn_links_of_the_installed_lab_template():
    lab = _lab_template()
    links = [line.strip() for line in lab.splitlines() if CDN in line]
    assert len(links) == 2  # what our template removes is what this Voilà writes
    block = lab[lab.index("{%- block notebook_css -%}"):lab.index("{%- endblock notebook_css -%}")]
    parent = block + "{%- endblock notebook_css -%}"
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "lab/index.html.j2": parent.replace("{{ super() }}", "")
        .replace('{{ resources.include_js("static/voila-style.js") }}', "")
        .replace("{{ spinner.css() }}", ""),
        "aimsi.html.j2": (OURS / "index.html.j2").read_text(encoding="utf-8"),
    }))
    page = env.get_template("aimsi.html.j2").render(frontend="voila", resources={})
    assert "cdn.jsdelivr.net" not in page and "Hide empty cells" in page
