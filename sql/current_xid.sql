-- revoke --audit-log: the deleting transaction's id, written to the log before COMMIT, so that
-- a run that died between the two can be settled later (xact_status.sql).
SELECT pg_catalog.pg_current_xact_id()::text AS xid;
