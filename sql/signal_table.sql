-- Odoo 19: the same signal, which 19 keeps in tables (a worker compares max(id)). The date is
-- given (the column's default, now()) so that the revoke role needs INSERT on it alone; the id
-- comes from the serial's sequence.
INSERT INTO public.orm_signaling_default (date) VALUES (pg_catalog.now());
