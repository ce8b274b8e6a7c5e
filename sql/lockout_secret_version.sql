-- lockout --everyone's preview: the row version of database.secret (the id with the row's
-- xmin), which lockout_secret_write.sql compares. The value is never read. No row: the
-- database has no secret (Odoo makes one when the database is created).
SELECT (id::int8 << 32) | xmin::text::int8 AS version
FROM public.ir_config_parameter
WHERE key::text = 'database.secret';
