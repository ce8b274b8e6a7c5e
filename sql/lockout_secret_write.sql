-- lockout --everyone: a new database.secret ($1, made as Odoo makes one: a random UUID, told
-- to nobody), only while the row is as the preview read it ($2). Every web session's token is
-- an HMAC keyed by it, so none made before matches once running servers drop their caches
-- (the signal); so does every link Odoo signed with it (docs/ODOO.md, "Web sessions").
-- Returns the row's id, or nothing when it changed since.
UPDATE public.ir_config_parameter
SET value = $1::text
WHERE key::text = 'database.secret'
  AND ((id::int8 << 32) | xmin::text::int8) = $2::int8
RETURNING id;
