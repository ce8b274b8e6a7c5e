-- What target_session_attrs asks of a server, as libpq asks it: is it a standby, and is its
-- default transaction read-only. Sent before any transaction, as one simple query.
SELECT pg_catalog.pg_is_in_recovery(),
       pg_catalog.current_setting('transaction_read_only')::pg_catalog.bool;
