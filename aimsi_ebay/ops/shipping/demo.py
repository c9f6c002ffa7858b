"""The demo store's shipping desk: orders in every shipping state and carrier files to import.

Called once by the demo builder after its orders exist. Deterministic: it picks orders by order
number and writes tracking numbers from a fixed pattern. It adds no orders (other dashboards
count them); it gives existing ones what shipping needs to show:

- SKU weights (every 17th SKU has none, so the lookup file lists missing weights);
- an open order with a ship-to that has no street (left out: no usable address), one with a
  long non-Latin ship-to (transliterated and wrapped in the lookup file), one whose eBay service
  is not in the service table (default service used and listed), one on 2nd Day Air;
- a partly shipped order (a package that carried line 1 of 2), a voided label, and the most
  recent shipped orders not yet uploaded to eBay;
- ``shipping/samples/UPS_EXPORT_DEMO.CSV`` (a post-ship export: new packages, an end-of-day
  re-export, a void, a row for an unknown order, a malformed charge) to upload, and a WorldShip
  ``.Out`` reply (one processed, one refused) waiting in the watch folder.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from aimsi_ebay.db import Database
from aimsi_ebay.db.ids import next_id
from aimsi_ebay.ops.shipping.lookup import refresh_lookup_files
from aimsi_ebay.ops.shipping.results import settle_orders
from aimsi_ebay.ops.shipping.settings import read_settings, shipping_root

SAMPLE_CSV = "UPS_EXPORT_DEMO.CSV"
SAMPLE_OUT = "DEMO_AUTOIMPORT.Out"


def tracking(n: int) -> str:
    """A demo UPS tracking number (1Z + 16 characters)."""
    return f"1ZDEMO{n:012d}"


def add_shipping_demo(db: Database, today: date) -> dict[str, int]:
    """Give the demo store's orders their shipping states and write the sample carrier files."""
    with db.write() as con:
        settings = read_settings(con, db)
        con.execute("INSERT INTO sku_weights SELECT sku, CASE WHEN row_number() OVER"
                    " (ORDER BY sku) % 17 = 0 THEN NULL ELSE CAST(1 + (hash(sku) % 300) / 10.0"
                    " AS DECIMAL(10,3)) END FROM skus")
        ready = _numbers(con, "status = 'open' AND NOT awaiting_payment")
        several = _numbers(con, "status IN ('open', 'picked') AND NOT awaiting_payment AND"
                           " order_id IN (SELECT order_id FROM order_lines GROUP BY order_id"
                           " HAVING count(*) >= 2)")
        partly = [n for n in several if n not in ready[:11]][-1]
        _problem_orders(con, ready)
        _partly_shipped(con, partly, today)
        _void_and_pending_uploads(con, today)
        sample = _sample_export(ready[4:9], partly, today)
    root = shipping_root(db)
    (root / "samples").mkdir(parents=True, exist_ok=True)
    (root / "samples" / SAMPLE_CSV).write_bytes(sample)
    watch = Path(settings["watch_folder"]).expanduser()
    watch.mkdir(parents=True, exist_ok=True)
    (watch / SAMPLE_OUT).write_bytes(_sample_out(ready[9], ready[10]))
    refresh_lookup_files(db)
    return {"orders_ready": len(ready), "sample_rows": sample.count(b"\n")}


def _numbers(con: duckdb.DuckDBPyConnection, where: str) -> list[str]:
    return [row[0] for row in con.execute(
        f"SELECT order_number FROM orders WHERE {where} ORDER BY order_number").fetchall()]


def _problem_orders(con: duckdb.DuckDBPyConnection, ready: list[str]) -> None:
    """No street; a long non-Latin ship-to; an unknown service; 2nd Day Air."""
    for number, name, address1, city in (
        (ready[0], "Pat Doe (address to confirm)", "", "Springfield"),
        (ready[1], "Łukasz Wiśniewski-Kowalczyk c/o Zoë Brontë-Ødegård", "1234 Extraordinarily"
         " Long Boulevard Northwest Apartment 1507", "Kraków Heights"),
    ):
        ship_to_id = next_id(con, "seq_ship_to_id")
        con.execute(
            "INSERT INTO ship_to_addresses (ship_to_id, customer_id, name, address1, address2,"
            " city, state, postal_code, country, phone, address_key)"
            " SELECT ?, customer_id, ?, ?, '', ?, 'IL', '06001', 'US', '+1 (217) 555-0100 ext 12',"
            " 'demo-ship-to-' || ? FROM orders WHERE order_number = ?",
            [ship_to_id, name, address1, city, number, number])
        con.execute("UPDATE orders SET ship_to_id = ? WHERE order_number = ?",
                    [ship_to_id, number])
    con.execute("UPDATE orders SET shipping_service = 'Economy Shipping from outside US'"
                " WHERE order_number = ?", [ready[2]])
    con.execute("UPDATE orders SET shipping_service = 'UPS 2nd Day Air' WHERE order_number = ?",
                [ready[3]])


def _partly_shipped(con: duckdb.DuckDBPyConnection, number: str, today: date) -> None:
    """A package that carried only line 1 of a two-line order."""
    order_id = con.execute("SELECT order_id FROM orders WHERE order_number = ?",
                           [number]).fetchone()[0]
    con.execute(
        "INSERT INTO shipments (shipment_id, order_id, carrier, service, tracking_number,"
        " carrier_charge, negotiated_charge, weight, ship_date, source_file, source_row)"
        " VALUES (?, ?, 'ups', 'GND', ?, 18.40, 9.85, 6.5, ?, 'demo', 1)",
        [next_id(con, "seq_shipment_id"), order_id, tracking(1), today - timedelta(days=1)])
    con.execute("INSERT INTO shipment_lines VALUES (?, ?, 1)", [tracking(1), order_id])
    con.execute("CREATE OR REPLACE TEMP TABLE touched_orders AS SELECT CAST(? AS BIGINT)"
                " AS order_id", [order_id])
    settle_orders(con)


def _void_and_pending_uploads(con: duckdb.DuckDBPyConnection, today: date) -> None:
    """A label voided last week; the last few days' shipped eBay orders not yet on eBay."""
    con.execute(
        "INSERT INTO shipment_voids (tracking_number, order_id, carrier, service,"
        " carrier_charge, negotiated_charge, source_file, source_row, voided_at)"
        " SELECT ?, order_id, 'ups', 'GND', 14.20, 8.10, 'UPS_EXPORT_EOD.CSV', 3, ?"
        " FROM orders WHERE status = 'shipped' ORDER BY order_number LIMIT 1",
        [tracking(2), today - timedelta(days=6)])
    con.execute(
        "UPDATE shipments SET ebay_uploaded_at = CASE WHEN o.status = 'shipped' AND"
        " o.order_date >= ? THEN NULL ELSE CAST(shipments.ship_date AS TIMESTAMP) END"
        " FROM orders o WHERE o.order_id = shipments.order_id", [today - timedelta(days=10)])


def _sample_export(ready: list[str], partly: str, today: date) -> bytes:
    """A WorldShip post-ship export in the ups-default layout (no header)."""
    day = (today - timedelta(days=0)).strftime("%Y%m%d")
    rows = [
        f"N,{ready[0]},{tracking(11)},21.46,12.10,GND,{day},4.5",
        f"N,{ready[1]},{tracking(12)},34.90,19.75,2DA,{day},12.0",
        f"N,{ready[1]},{tracking(13)},0.00,0.00,2DA,{day},3.0",
        f"N,{ready[2]},{tracking(14)},17.45,9.90,GND,{day},2.5",
        f"N,{partly},{tracking(15)},16.20,8.80,GND,{day},3.5",
        f"N,{ready[0]},{tracking(11)},21.46,12.10,GND,{day},4.5",  # end-of-day re-export
        f"N,{ready[3]},{tracking(16)},19.99,10.50,GND,{day},5.0",
        f"Y,{ready[3]},{tracking(16)},19.99,10.50,GND,{day},5.0",  # voided again at day's end
        f"N,999999,{tracking(17)},11.00,6.00,GND,{day},1.0",  # no such order
        f'N,{ready[4]},{tracking(18)},"12,3x",6.00,GND,{day},1.0',  # malformed charge
    ]
    return ("\r\n".join(rows) + "\r\n").encode("ascii")


def _sample_out(processed: str, failed: str) -> bytes:
    """A WorldShip auto-import reply: one shipment processed, one refused."""
    return f"""<?xml version="1.0" encoding="windows-1252"?>
<OpenShipments xmlns="x-schema:OpenShipments.xdr">
\t<OpenShipment ProcessStatus="Processed" ShipmentOption="">
\t\t<ShipmentInformation><ServiceType>GND</ServiceType><NumberOfPackages>1</NumberOfPackages>
\t\t</ShipmentInformation>
\t\t<Package><PackageType>CP</PackageType><Weight>3.5</Weight>
\t\t\t<Reference1>{processed}</Reference1></Package>
\t\t<ProcessMessage>
\t\t\t<TrackingNumbers><TrackingNumber>{tracking(21)}</TrackingNumber></TrackingNumbers>
\t\t\t<ShipmentRates><ShipmentCharges><Rate><Published>15.80</Published>
\t\t\t\t<Negotiated>8.95</Negotiated></Rate></ShipmentCharges></ShipmentRates>
\t\t\t<Reference1>{processed}</Reference1>
\t\t</ProcessMessage>
\t</OpenShipment>
\t<OpenShipment ProcessStatus="Fail To Import" ShipmentOption="">
\t\t<Package><PackageType>CP</PackageType><Reference1>{failed}</Reference1></Package>
\t\t<ProcessMessage><Error><ErrorMessage>Ship To phone number is missing or invalid.
\t\t</ErrorMessage></Error></ProcessMessage>
\t</OpenShipment>
</OpenShipments>
""".replace("\n", "\r\n").encode("cp1252")
