-- Odoo 19: the same signal, which 19 keeps in tables (a worker compares max(id)).
INSERT INTO orm_signaling_default DEFAULT VALUES;
