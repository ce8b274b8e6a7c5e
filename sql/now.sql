-- The server's clock in UTC, as Odoo stores timestamps (naive UTC). Constant within the
-- read transaction, so every comparison in one run uses the same "now".
SELECT now() AT TIME ZONE 'utc' AS now_utc;
