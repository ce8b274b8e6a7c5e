-- Test harness: moves every date of a fixture database by the interval in the setting
-- `oa_fixture.shift` (e.g. SELECT set_config('oa_fixture.shift', '5 hours', false)).
--
-- sample-data.sql gives dates relative to the moment it runs ("20 minutes ago", "expires in
-- 3 days"). A template is reused for as long as its files do not change, so a clone made hours
-- later would see those moments hours in the past. Shifting every timestamp and date column of
-- `public` (and the two dates Odoo keeps as text parameters) by the template's age gives the
-- clone the dates the script would give it now; a negative shift ages a database instead.
-- `oa_fixture.clock` (the template's build time) moves with the rest.
DO $$
DECLARE
    shift interval := pg_catalog.current_setting('oa_fixture.shift')::interval;
    tbl record;
BEGIN
    FOR tbl IN
        SELECT c.oid::regclass AS name,
               pg_catalog.string_agg(pg_catalog.format(
                   CASE WHEN a.atttypid = 'pg_catalog.date'::regtype THEN '%1$I = (%1$I + $1)::date'
                        ELSE '%1$I = %1$I + $1' END, a.attname), ', ') AS assignments
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname IN ('public', 'oa_fixture') AND c.relkind = 'r'
          AND a.atttypid IN ('pg_catalog.timestamp'::regtype, 'pg_catalog.timestamptz'::regtype,
                             'pg_catalog.date'::regtype)
        GROUP BY c.oid
    LOOP
        EXECUTE pg_catalog.format('UPDATE %s SET %s', tbl.name, tbl.assignments) USING shift;
    END LOOP;
    IF pg_catalog.to_regclass('public.ir_config_parameter') IS NOT NULL THEN
        UPDATE public.ir_config_parameter
        SET value = pg_catalog.to_char(value::timestamp + shift, 'YYYY-MM-DD HH24:MI:SS')
        WHERE key IN ('database.create_date', 'database.expiration_date');
    END IF;
END
$$;
