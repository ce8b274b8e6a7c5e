-- Whether sql/write_hazards.sql could find anything about the tables named in $1: a cheap
-- look first, because that query costs a new backend more than any other statement of a
-- write or of a fleet report. Real Odoo creates no trigger, rule, policy, function, operator
-- or operator class, and no table with children. Where the tables named are plain tables
-- without children, triggers, rules or policies, and every function of the database is the
-- bootstrap superuser's (pg_catalog's and the extensions' are), none of what the scan looks
-- for can exist: every other mechanism it follows ends in a function (an operator's and an
-- operator class's code are functions too). Anything else (another superuser's function,
-- too) sends the scan, which tells owners apart. No view (pg_roles) and no join beyond index
-- lookups: planning is what a fresh backend pays for.
WITH named AS (
    SELECT pg_catalog.to_regclass(n)::oid AS oid FROM pg_catalog.unnest($1::text[]) AS n
)
SELECT EXISTS (SELECT FROM pg_catalog.pg_class c JOIN named ON c.oid = named.oid
               WHERE c.relkind <> 'r' OR c.relhassubclass OR c.relispartition
                  OR c.relhasrules OR c.relrowsecurity)
    -- relhastriggers counts foreign keys' own triggers: the triggers themselves are asked.
    OR EXISTS (SELECT FROM pg_catalog.pg_trigger t JOIN named ON t.tgrelid = named.oid
               WHERE NOT t.tgisinternal)
    -- Functions made after initdb have oids from 16384 on (FirstNormalObjectId): a range of
    -- pg_proc's oid index, not a scan of its 3,000 built-in rows.
    OR EXISTS (SELECT FROM pg_catalog.pg_proc
               WHERE oid >= 16384::oid AND proowner <> 10::oid)
    AS any;
