-- Whether the transaction $1 (a pg_current_xact_id() of current_xid.sql) committed:
-- 'committed', 'aborted' (a transaction cut off before COMMIT is rolled back), 'in progress',
-- or NULL when the server no longer knows (its commit log was truncated since).
SELECT pg_catalog.pg_xact_status($1::text::pg_catalog.xid8)::text AS status;
