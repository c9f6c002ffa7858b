"""Customer candidates are ranked before the pre-filter's limit: on a big store the best match
is not cut off by a few thousand customers who merely share the postal code."""

from __future__ import annotations

from aimsi_ebay.ops.sales.review import candidates, sale_detail


def test_the_best_match_survives_thousands_sharing_the_postal_code(demo_db):
    with demo_db.read() as con:
        sale_id = con.execute(
            "SELECT staged_sale_id FROM staged_sales WHERE coalesce(ship_postal_code, '') <> ''"
            " AND coalesce(ship_phone, '') <> '' AND status IN ('staged', 'held')"
            " ORDER BY staged_sale_id LIMIT 1").fetchone()[0]
    sale = sale_detail(demo_db, sale_id)
    postal = sale["buyer_postal_code"] or sale["ship_postal_code"]
    with demo_db.write() as con:
        # 2,500 strangers at the buyer's postal code, all older (smaller ids) than the buyer
        con.execute(
            "INSERT INTO customers (customer_id, name, postal_code, country)"
            " SELECT 900000 + i, 'Stranger ' || i, ?, 'US' FROM range(2500) t(i)", [postal])
        con.execute(
            "INSERT INTO customers (customer_id, name, phone, phone_norm, address1, postal_code,"
            " country) VALUES (990000, ?, ?, ?, ?, ?, 'US')",
            [sale["buyer_name"] or sale["ship_name"], sale["ship_phone"], sale["phone_norm"],
             sale["buyer_address1"] or sale["ship_address1"], postal])
    best = candidates(demo_db, sale_id)[0]
    assert best.customer_id == 990000
