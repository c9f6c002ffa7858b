"""The demo store's description templates: a full store layout (the default) and a short one."""

from __future__ import annotations

from aimsi_ebay.db import Database
from aimsi_ebay.ops.listings import templates

ACCOUNT = "demo-store"
STORE_LAYOUT = """<h2>{{ title }}</h2>
{% if subtitle %}<p><em>{{ subtitle }}</em></p>{% endif %}
{{ description }}
{% if specifics %}<table>
{% for name, value in specifics|dictsort %}<tr><th>{{ name }}</th><td>{{ value }}</td></tr>
{% endfor %}</table>{% endif %}
<p>Condition: {{ condition }}</p>
<h3>Shipping</h3>{{ shipping }}
<h3>Returns</h3>{{ returns }}
<h3>Payment</h3>{{ payment }}
<p>Thank you for shopping with Springfield Music.</p>
"""
SHORT = """<p><strong>{{ brand }} {{ model }}</strong></p>
{{ description }}
{{ shipping }}
"""
TEXTS = {
    "shipping": "<p>Ships from Springfield, IL within one business day, insured and tracked.</p>",
    "returns": "<p>30-day returns. Instruments must come back in their original packing.</p>",
    "payment": "<p>Payment through eBay at checkout.</p>",
}


def add_template_demo(db: Database) -> None:
    """Two templates for demo-store ("Store layout" is the default) and the account's texts."""
    templates.set_account_texts(db, ACCOUNT, **TEXTS)
    templates.save_template(db, ACCOUNT, "Store layout", STORE_LAYOUT)  # first: the default
    templates.save_template(db, ACCOUNT, "Short", SHORT)
