"""Seller accounts: validation, create, update, deactivate, audit."""

from __future__ import annotations

import pytest

from aimsi_ebay.errors import InputError, NotFoundError
from aimsi_ebay.ops import accounts

GOOD = {"name": "shop-uk", "ebay_user_id": "shop_uk", "site_id": "UK", "item_location": "Leeds",
        "postal_code": "LS1 4AP", "dispatch_days": "2"}


def test_create_fills_country_and_currency_from_the_site(fresh_db):
    account = accounts.create_account(fresh_db, **GOOD)
    assert (account.country, account.currency, account.dispatch_days) == ("GB", "GBP", 2)
    assert [a.name for a in accounts.list_accounts(fresh_db)] == ["shop-uk"]
    with fresh_db.read() as con:
        assert con.execute("SELECT action, entity, entity_key FROM audit_log").fetchall() == [
            ("create", "seller_account", "shop-uk")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": "has space"}, "name"), ({"ebay_user_id": ""}, "ebay_user_id"),
     ({"site_id": "Mars"}, "site_id"), ({"currency": "USD"}, "currency"),
     ({"dispatch_days": "6"}, "dispatch_days"), ({"dispatch_days": "two"}, "dispatch_days"),
     ({"item_location": " "}, "item_location")],
)
def test_bad_values_name_the_field(fresh_db, changes, field):
    with pytest.raises(InputError) as caught:
        accounts.create_account(fresh_db, **{**GOOD, **changes})
    assert caught.value.field == field
    assert accounts.list_accounts(fresh_db, include_inactive=True) == []


def test_duplicate_name_is_refused(fresh_db):
    accounts.create_account(fresh_db, **GOOD)
    with pytest.raises(InputError, match="already exists"):
        accounts.create_account(fresh_db, **GOOD)


def test_update_follows_a_new_site_and_deactivate_hides(fresh_db):
    accounts.create_account(fresh_db, **GOOD)
    moved = accounts.update_account(fresh_db, "shop-uk", site_id="Germany", name="shop-de")
    assert (moved.name, moved.country, moved.currency) == ("shop-de", "DE", "EUR")
    gone = accounts.deactivate_account(fresh_db, "shop-de")
    assert not gone.active and accounts.list_accounts(fresh_db) == []
    assert [a.name for a in accounts.list_accounts(fresh_db, include_inactive=True)] == ["shop-de"]
    with pytest.raises(NotFoundError):
        accounts.update_account(fresh_db, "shop-uk", postal_code="X")
    with pytest.raises(InputError, match="unknown account field"):
        accounts.update_account(fresh_db, "shop-de", colour="red")
