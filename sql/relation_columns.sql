-- The columns of relations of schema public, read from the server's description of this
-- statement, which is prepared (parsed and described) and never executed, so it needs no
-- privilege on the relations and joins nothing. Each column comes with its relation's oid
-- and its number. The server answers from the relations' cache entries, which the queries
-- after it load anyway; a query on pg_attribute cost a fleet audit 2–3 ms of server time per
-- database, and one statement per relation more round trips (benches/fleet.sh). The braces
-- are replaced by quoted relation names from src/odoo/schema.rs (`public."res_users",
-- public."res_users_apikeys"`), never by input.
SELECT * FROM {relations}
