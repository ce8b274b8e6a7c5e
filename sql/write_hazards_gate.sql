-- Whether sql/write_hazards.sql could find anything about the tables named in $1: a cheap
-- look at the whole database first, because planning that query costs a new backend more
-- than any other statement of a write or of a fleet report. Real Odoo creates no trigger,
-- rule (but views'), policy, function, operator or operator class, and no table with
-- children: where none of them exists and the tables named are plain tables, none of what
-- the scan looks for can exist either (every mechanism it follows ends in one of them, or in
-- a function a superuser owns). Functions, operators and operator classes count when a
-- non-superuser owns them.
SELECT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE NOT tgisinternal)
    OR EXISTS (SELECT FROM pg_catalog.pg_policy)
    OR EXISTS (SELECT FROM pg_catalog.pg_rewrite w
               JOIN pg_catalog.pg_class c ON c.oid = w.ev_class
               WHERE c.relkind NOT IN ('v', 'm'))
    OR EXISTS (SELECT FROM pg_catalog.pg_class
               WHERE relhassubclass OR relispartition OR relkind IN ('p', 'f'))
    OR EXISTS (SELECT FROM pg_catalog.unnest($1::text[]) AS n
               JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(n)::oid
               WHERE c.relkind <> 'r')
    OR EXISTS (SELECT FROM pg_catalog.pg_proc p
               JOIN pg_catalog.pg_roles r ON r.oid = p.proowner WHERE NOT r.rolsuper)
    OR EXISTS (SELECT FROM pg_catalog.pg_operator o
               JOIN pg_catalog.pg_roles r ON r.oid = o.oprowner WHERE NOT r.rolsuper)
    OR EXISTS (SELECT FROM pg_catalog.pg_opclass o
               JOIN pg_catalog.pg_roles r ON r.oid = o.opcowner WHERE NOT r.rolsuper)
    AS any;
