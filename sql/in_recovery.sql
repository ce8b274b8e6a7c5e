-- True on a standby (a read-only replica): revoke refuses to run there.
SELECT pg_catalog.pg_is_in_recovery();
