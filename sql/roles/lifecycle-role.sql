-- odoo-access lifecycle role: what `mint`, `rotate` and `expire` need on top of the revoke role.
--   * membership of the revoke role (sql/roles/revoke-role.sql, run it and the audit role's
--     script first): the previews, the deletion of an old key at once (rotate --overlap 0),
--     the cache signal;
--   * INSERT of the columns a new key's row is made of (name, user_id, scope, index, key) on
--     res_users_apikeys, and USAGE on its id sequence; create_date comes from its default;
--   * 18+: UPDATE of expiration_date alone on res_users_apikeys;
--   * SELECT of id and api_key_duration on res_groups (18+), for Odoo's longest-key rule.
-- It can still not read a key, a hash, a password or database.secret: a key it makes is
-- known only to the run that made it, and it cannot change a key other than by giving it an
-- end. As the other scripts, this one pins search_path first and refuses to grant to a
-- superuser, a pg_* role or the database's owner.
--
-- Run it in each Odoo database, as the database owner or a superuser, after the other two:
--   psql -d ODOO_DB -v ON_ERROR_STOP=1 -f sql/roles/audit-role.sql -f sql/roles/revoke-role.sql \
--        -f sql/roles/lifecycle-role.sql
-- The role is called odoo_access_lifecycle; other names: PGOPTIONS='-c
-- odoo_access.lifecycle_role=NAME -c odoo_access.revoke_role=NAME'. It is created without a
-- password.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false);
DO $lifecycle$
DECLARE
    revoker text := coalesce(nullif(pg_catalog.current_setting('odoo_access.revoke_role', true), ''),
                             'odoo_access_revoke');
    keeper text := coalesce(nullif(pg_catalog.current_setting('odoo_access.lifecycle_role', true), ''),
                            'odoo_access_lifecycle');
    owner text := (SELECT pg_catalog.pg_get_userbyid(datdba)::text FROM pg_catalog.pg_database
                   WHERE datname = pg_catalog.current_database());
BEGIN
    IF keeper = owner OR keeper LIKE 'pg\_%'
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = keeper AND rolsuper) THEN
        RAISE EXCEPTION 'odoo_access.lifecycle_role is %, which is a superuser, a pg_* role or the owner of database %: the lifecycle role must be a role of its own', keeper, pg_catalog.current_database();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = revoker) THEN
        RAISE EXCEPTION 'role % does not exist: run sql/roles/audit-role.sql and sql/roles/revoke-role.sql first', revoker;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = keeper) THEN
        EXECUTE pg_catalog.format('CREATE ROLE %I LOGIN', keeper);
    END IF;
    EXECUTE pg_catalog.format('GRANT %I TO %I', revoker, keeper);

    -- Only the columns named: never the whole table (a table-wide INSERT or UPDATE grant would
    -- let it rewrite a key's hash).
    EXECUTE pg_catalog.format('REVOKE INSERT, UPDATE ON public.res_users_apikeys FROM %I', keeper);
    EXECUTE pg_catalog.format('GRANT INSERT (name, user_id, scope, index, key) ON public.res_users_apikeys TO %I', keeper);
    EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE %s TO %I',
                   pg_catalog.pg_get_serial_sequence('public.res_users_apikeys', 'id'), keeper);
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
               WHERE attrelid = 'public.res_users_apikeys'::pg_catalog.regclass
                 AND attname = 'expiration_date' AND NOT attisdropped) THEN
        EXECUTE pg_catalog.format('GRANT UPDATE (expiration_date) ON public.res_users_apikeys TO %I', keeper);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
               WHERE attrelid = 'public.res_groups'::pg_catalog.regclass
                 AND attname = 'api_key_duration' AND NOT attisdropped) THEN
        EXECUTE pg_catalog.format('GRANT SELECT (id, api_key_duration) ON public.res_groups TO %I', keeper);
    END IF;
END
$lifecycle$;
