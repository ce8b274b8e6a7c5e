-- odoo-access revoke role: what `odoo-access revoke` needs on top of the audit role.
--   * membership of the audit role (sql/roles/audit-role.sql, run it first): reads without
--     secrets, for the preview and for the columns the DELETE returns to be compared with it;
--   * DELETE on res_users_apikeys (and OCA's auth_api_key);
--   * the cache signal: USAGE on base_cache_signaling / base_cache_signaling_default (14-18)
--     for nextval, or on 19 INSERT of the one column odoo-access gives (date) on
--     orm_signaling_default and USAGE on its id sequence (an id of its own choosing could
--     stop Odoo's signalling).
-- It can still not read a key, a hash, a password or database.secret, and cannot create or
-- change keys. As audit-role.sql, the script pins search_path first and refuses to grant to
-- a superuser, a pg_* role or the database's owner.
--
-- Run it in each Odoo database, as the database owner or a superuser, after the audit role:
--   psql -d ODOO_DB -v ON_ERROR_STOP=1 -f sql/roles/audit-role.sql -f sql/roles/revoke-role.sql
-- The role is called odoo_access_revoke; other names: PGOPTIONS='-c odoo_access.revoke_role=NAME
-- -c odoo_access.audit_role=NAME'. It is created without a password.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false);
DO $revoke$
DECLARE
    audit text := coalesce(nullif(pg_catalog.current_setting('odoo_access.audit_role', true), ''),
                           'odoo_access_audit');
    revoker text := coalesce(nullif(pg_catalog.current_setting('odoo_access.revoke_role', true), ''),
                             'odoo_access_revoke');
    t text;
    owner text := (SELECT pg_catalog.pg_get_userbyid(datdba)::text FROM pg_catalog.pg_database
                   WHERE datname = pg_catalog.current_database());
BEGIN
    IF revoker = owner OR revoker LIKE 'pg\_%'
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = revoker AND rolsuper) THEN
        RAISE EXCEPTION 'odoo_access.revoke_role is %, which is a superuser, a pg_* role or the owner of database %: the revoke role must be a role of its own', revoker, pg_catalog.current_database();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = audit) THEN
        RAISE EXCEPTION 'role % does not exist: run sql/roles/audit-role.sql first', audit;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = revoker) THEN
        EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', revoker);
    END IF;
    EXECUTE pg_catalog.format('GRANT %I TO %I', audit, revoker);

    FOREACH t IN ARRAY ARRAY['res_users_apikeys', 'auth_api_key'] LOOP
        IF pg_catalog.to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE pg_catalog.format('GRANT DELETE ON public.%I TO %I', t, revoker);
        END IF;
    END LOOP;

    FOREACH t IN ARRAY ARRAY['base_cache_signaling', 'base_cache_signaling_default'] LOOP
        IF pg_catalog.to_regclass('public.' || t) IS NOT NULL THEN
            EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE public.%I TO %I', t, revoker);
        END IF;
    END LOOP;
    IF pg_catalog.to_regclass('public.orm_signaling_default') IS NOT NULL THEN
        EXECUTE pg_catalog.format('REVOKE INSERT ON public.orm_signaling_default FROM %I', revoker);
        EXECUTE pg_catalog.format('GRANT INSERT (date) ON public.orm_signaling_default TO %I', revoker);
        EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE %s TO %I',
                       pg_catalog.pg_get_serial_sequence('public.orm_signaling_default', 'id'),
                       revoker);
    END IF;
END
$revoke$;
