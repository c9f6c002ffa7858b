-- The orders the shipping desk may ship, as the carrier's software needs them, one row per
-- order that is open or picked (picked includes partly shipped), with the reason it is left out
-- (awaiting payment, no usable address) and what is unknown (service, weights).
-- Parameters: $carrier ('ups' | 'fedex'), $default_service (the carrier's default code).
WITH
-- the orders in question, narrowed first (1,000,000 orders, a few thousand open)
candidates AS (
    SELECT order_id, order_number, ebay_order_number, customer_id, ship_to_id,
           awaiting_payment, shipping_service
    FROM orders
    WHERE status IN ('open', 'picked')
),
-- the order's ship-to, else the customer's own address
addresses AS (
    SELECT o.*,
           s.ship_to_id IS NOT NULL AS has_ship_to,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.name ELSE c.name END AS name,
           CASE WHEN s.ship_to_id IS NOT NULL THEN '' ELSE coalesce(c.company, '') END
               AS company,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.address1 ELSE c.address1 END AS address1,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.address2 ELSE c.address2 END AS address2,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.city ELSE c.city END AS city,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.state ELSE c.state END AS state,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.postal_code ELSE c.postal_code END
               AS postal_code,
           CASE WHEN s.ship_to_id IS NOT NULL THEN s.country ELSE c.country END AS country_text,
           coalesce(nullif(trim(CASE WHEN s.ship_to_id IS NOT NULL THEN s.phone END), ''),
                    c.phone, '') AS phone,
           coalesce(c.email, '') AS email
    FROM candidates o
    JOIN customers c ON c.customer_id = o.customer_id
    LEFT JOIN ship_to_addresses s ON s.ship_to_id = o.ship_to_id
),
-- ISO-2 country: two letters as they are; the few names eBay spells out; blank = the store's US
countries AS (
    SELECT a.*,
           CASE WHEN trim(coalesce(country_text, '')) = '' THEN 'US'
                WHEN regexp_full_match(trim(country_text), '[A-Za-z]{2}')
                    THEN upper(trim(country_text))
                ELSE n.iso2 END AS country
    FROM addresses a
    LEFT JOIN (VALUES ('UNITED STATES', 'US'), ('USA', 'US'), ('CANADA', 'CA'),
                      ('UNITED KINGDOM', 'GB'), ('GREAT BRITAIN', 'GB'), ('AUSTRALIA', 'AU'),
                      ('GERMANY', 'DE'), ('FRANCE', 'FR'), ('MEXICO', 'MX'), ('JAPAN', 'JP'),
                      ('PUERTO RICO', 'PR')) n(name, iso2)
        ON n.name = upper(trim(a.country_text))
),
-- the carrier's code for the eBay service; unknown ones take the default and are marked
services AS (
    SELECT c.*, m.service_code IS NULL AS unknown_service,
           coalesce(m.service_code, $default_service) AS service_code
    FROM countries c
    LEFT JOIN carrier_services m
        ON m.carrier = $carrier AND lower(m.ebay_service) = lower(trim(c.shipping_service))
),
-- package weight: the lines' units times each SKU's weight; any unknown weight makes it unknown
weights AS (
    SELECT l.order_id,
           sum(l.quantity * w.weight_lbs) AS weight_lbs,
           count(*) FILTER (WHERE w.weight_lbs IS NULL) AS unknown,
           string_agg(coalesce(l.sku, 'line ' || l.line_no), ', ' ORDER BY l.line_no)
               FILTER (WHERE w.weight_lbs IS NULL) AS missing_weights
    FROM order_lines l
    LEFT JOIN sku_weights w ON w.sku = l.sku
    WHERE l.order_id IN (SELECT order_id FROM candidates)
    GROUP BY l.order_id
)
SELECT s.order_id, s.order_number, coalesce(s.ebay_order_number, '') AS ebay_order_number,
       coalesce(s.name, '') AS name, '' AS attention, s.company,
       coalesce(s.address1, '') AS address1, coalesce(s.address2, '') AS address2,
       '' AS address3, coalesce(s.city, '') AS city, coalesce(s.state, '') AS state,
       coalesce(s.postal_code, '') AS postal_code, coalesce(s.country, '') AS country,
       s.phone, s.email, trim(s.company) = '' AS residential, s.service_code,
       CASE WHEN coalesce(w.unknown, 1) = 0 THEN CAST(w.weight_lbs AS DECIMAL(12,3)) END
           AS weight_lbs,
       coalesce(s.shipping_service, '') AS ebay_service, s.unknown_service,
       CASE WHEN w.order_id IS NULL THEN 'no lines' ELSE w.missing_weights END
           AS missing_weights,
       CASE WHEN s.awaiting_payment THEN 'awaiting payment'
            WHEN trim(coalesce(s.name, '')) = '' THEN 'no name to ship to'
            WHEN trim(coalesce(s.address1, '')) = '' THEN 'no street address'
            WHEN trim(coalesce(s.city, '')) = '' THEN 'no city'
            WHEN s.country IS NULL THEN 'country ' || s.country_text || ' is not a known code'
            WHEN s.country IN ('US', 'CA') AND trim(coalesce(s.postal_code, '')) = ''
                THEN 'no postal code'
            WHEN s.country IN ('US', 'CA') AND trim(coalesce(s.state, '')) = ''
                THEN 'no state'
       END AS left_out
FROM services s
LEFT JOIN weights w ON w.order_id = s.order_id
