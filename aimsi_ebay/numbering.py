"""Human document numbers, drawn from database sequences (safe across processes).

Order numbers are digits only, so UPS WorldShip keyed import (``.$_0-9A-Z``) and FedEx accept
them as they are.
"""

ORDER_NUMBER_SQL = "CAST(nextval('seq_order_number') AS VARCHAR)"
INVOICE_NUMBER_SQL = "'INV' || CAST(nextval('seq_invoice_number') AS VARCHAR)"
