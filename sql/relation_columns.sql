-- The columns of one relation of schema public, read from the server's description of this
-- statement, which is prepared (parsed and described) and never executed, so it needs no
-- privilege on the relation. The server answers from the relation's cache entry, which the
-- queries after it load anyway; a query on pg_attribute cost a fleet audit 2–3 ms of server
-- time per database (benches/fleet.sh). The name in braces is replaced by a quoted relation
-- name from src/odoo/schema.rs, never by input.
SELECT * FROM public.{relation}
