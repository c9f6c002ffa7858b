"""Store description templates: validated by compiling, audit-logged, flagging their records."""

from __future__ import annotations

import json

import pytest

from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.ops.listings import records as listings
from aimsi_ebay.ops.listings import templates
from aimsi_ebay.ops.listings.templates_demo import ACCOUNT


def _flagged(db, sku: str) -> bool:
    return bool(listings.read_record(db, sku).record["update_ebay"])


def _unflag_all(db) -> None:
    with db.write() as con:
        con.execute("UPDATE ebay_records SET update_ebay = FALSE")


def test_the_demo_store_has_two_templates_one_default(demo_db):
    found = templates.list_templates(demo_db, ACCOUNT)
    assert [(t.name, t.is_default) for t in found] == [("Short", False), ("Store layout", True)]
    assert templates.list_templates(demo_db, "demo-outlet") == []


def test_a_broken_template_is_refused_in_one_line_with_line_and_placeholder(demo_db):
    with pytest.raises(InputError) as error:
        templates.save_template(demo_db, ACCOUNT, "Bad", "<p>ok</p>\n<p>{{ titel }}</p>")
    text = str(error.value)
    assert "\n" not in text and "line 2" in text and "{{ titel }}" in text
    assert "did you mean title" in text
    with pytest.raises(InputError, match="not allowed"):
        templates.save_template(demo_db, ACCOUNT, "Escape", "{{ title.__class__ }}")
    assert [t.name for t in templates.list_templates(demo_db, ACCOUNT)] == ["Short",
                                                                            "Store layout"]


def test_a_change_needs_confirmation_and_flags_the_records_that_use_it(demo_db):
    _unflag_all(demo_db)
    assert templates.assign_template(demo_db, ACCOUNT, "Short", ["TSH-LOGO-M"]) == 1
    _unflag_all(demo_db)
    short = next(t for t in templates.list_templates(demo_db, ACCOUNT) if t.name == "Short")
    assert templates.usage(demo_db, ACCOUNT, "Short") == 1
    with pytest.raises(templates.ConfirmationNeeded) as needed:
        templates.save_template(demo_db, ACCOUNT, "Short", "<p>{{ title }}</p>",
                                version=short.version)
    assert needed.value.count == 1 and not _flagged(demo_db, "TSH-LOGO-M")
    change = templates.save_template(demo_db, ACCOUNT, "Short", "<p>{{ title }}</p>",
                                     version=short.version, confirm=True)
    assert change.flagged == 1 and change.template.version == short.version + 1
    assert _flagged(demo_db, "TSH-LOGO-M")
    with pytest.raises(InputError, match="was changed by"):  # a stale version is refused
        templates.save_template(demo_db, ACCOUNT, "Short", "<p>x</p>", version=short.version)
    with demo_db.read() as con:
        action, after = con.execute(
            "SELECT action, after FROM audit_log WHERE entity = 'description_template'"
            " ORDER BY audit_id DESC LIMIT 1").fetchone()
    assert action == "update" and json.loads(after)["flagged"] == 1


def test_default_change_and_delete_flag_the_default_users(demo_db):
    _unflag_all(demo_db)
    users = templates.usage(demo_db, ACCOUNT, "Store layout")
    assert users > 10  # every demo-store record naming no template, and those with no account
    with pytest.raises(templates.ConfirmationNeeded):
        templates.set_default(demo_db, ACCOUNT, "Short")
    change = templates.set_default(demo_db, ACCOUNT, "Short", confirm=True)
    assert change.flagged == users and change.template.is_default
    assert [t.is_default for t in templates.list_templates(demo_db, ACCOUNT)] == [True, False]
    _unflag_all(demo_db)
    assert templates.delete_template(demo_db, ACCOUNT, "Store layout").flagged == 0
    with pytest.raises(NotFoundError):
        templates.usage(demo_db, ACCOUNT, "Store layout")


def test_preview_renders_a_chosen_sku_sanitised(demo_db):
    shown = templates.preview(demo_db, ACCOUNT, "TSH-LOGO-M", name="Store layout")
    record = listings.read_record(demo_db, "TSH-LOGO-M").record
    assert f"<h2>{record['title']}</h2>" in shown.html.replace("&amp;", "&")
    assert "Ships from Springfield" in shown.html and "<th>Brand</th>" in shown.html
    unsaved = templates.preview(demo_db, ACCOUNT, "TSH-LOGO-M",
                                source="<p>{{ upc }}</p><script>x()</script>")
    assert "script" not in unsaved.html and "<script> element" in unsaved.removed
    with pytest.raises(InputError, match="line 1"):
        templates.preview(demo_db, ACCOUNT, "TSH-LOGO-M", source="{{ specifics['Neck'] }}")


def test_a_record_can_opt_out_of_the_default_template(demo_db):
    layout = "Store layout"  # the demo account's default
    users = templates.usage(demo_db, ACCOUNT, layout)
    _unflag_all(demo_db)
    assert templates.assign_template(demo_db, ACCOUNT, templates.NO_TEMPLATE, ["TSH-LOGO-M"]) == 1
    assert _flagged(demo_db, "TSH-LOGO-M")  # what eBay gets changes: sent again
    assert templates.record_choice(demo_db, "TSH-LOGO-M") == templates.NO_TEMPLATE
    assert templates.record_template(demo_db, "TSH-LOGO-M") is None
    # it no longer uses the default: a change of the default leaves it alone
    assert templates.usage(demo_db, ACCOUNT, layout) == users - 1
    _unflag_all(demo_db)
    templates.set_default(demo_db, ACCOUNT, "Short", confirm=True)
    assert not _flagged(demo_db, "TSH-LOGO-M")
    with demo_db.read() as con:
        assert con.execute("SELECT entity_key FROM audit_log WHERE action = 'assign'"
                           " ORDER BY rowid DESC LIMIT 1").fetchone()[0] \
            == f"{ACCOUNT}/(no template)"
