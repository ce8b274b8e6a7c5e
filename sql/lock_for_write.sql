-- Before write_hazards.sql: the tables about to be written are locked as the write itself
-- would lock them, so that no trigger, rule or constraint can be added to them before the
-- commit (CREATE TRIGGER waits for this lock). The braces are replaced by schema-qualified
-- names from src/odoo/revoke.rs, never by input.
LOCK TABLE {tables} IN ROW EXCLUSIVE MODE
