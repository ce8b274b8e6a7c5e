-- Odoo 14-18: tells every running Odoo worker to drop its caches, including the cache of
-- checked (uid, key) pairs, the way Odoo's Registry.signal_changes does. $1 is the sequence
-- the schema probe found: base_cache_signaling (14-16) or base_cache_signaling_default (17-18).
-- Run only after the DELETE has committed: nextval is not transactional.
SELECT pg_catalog.nextval($1::regclass) AS signalled;
