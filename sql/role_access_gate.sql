-- Whether sql/role_access.sql could find anything, asked first because that query costs a
-- fresh backend more than all the rest of a fleet report's work in a database
-- (benches/server-work.sh). A role other than a superuser and the owner has a right on a
-- table only by owning it, through an ACL entry (for it, a role of its, or PUBLIC) of the
-- table or of a column, or through membership in the owner, a superuser, pg_read_all_data
-- or pg_write_all_data. Where the database's owner owns the tables, no entry for anyone but the owner grants SELECT of a table or of
-- a credential column, or INSERT or UPDATE, and no role is a member of a role made after
-- initdb (oids from 16384), of the bootstrap superuser (10) or of those two, there is nothing
-- to find. The entries only decide whether to ask: when this says yes, PostgreSQL's
-- privilege functions answer (role_access.sql). Index lookups only, by the oids the probe
-- already has: $1 the target tables, $2 and $3 the credential columns' tables and names.
WITH owner AS (
    SELECT datdba FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()
)
SELECT EXISTS (SELECT FROM pg_catalog.pg_class c
               CROSS JOIN owner
               WHERE c.oid = ANY ($1::oid[])
                 AND (c.relowner <> owner.datdba
                      OR EXISTS (SELECT FROM pg_catalog.aclexplode(c.relacl) a
                                 WHERE a.grantee <> owner.datdba
                                   AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE'))))
    OR EXISTS (SELECT FROM pg_catalog.pg_attribute c
               CROSS JOIN owner
               CROSS JOIN LATERAL pg_catalog.aclexplode(c.attacl) a
               WHERE c.attrelid = ANY ($1::oid[]) AND c.attnum > 0 AND c.attacl IS NOT NULL
                 AND a.grantee <> owner.datdba
                 AND (a.privilege_type IN ('INSERT', 'UPDATE')
                      OR (a.privilege_type = 'SELECT'
                          AND (c.attrelid, c.attname::text) IN (
                              SELECT * FROM ROWS FROM (pg_catalog.unnest($2::oid[]),
                                                       pg_catalog.unnest($3::text[]))))))
    OR EXISTS (SELECT FROM pg_catalog.pg_auth_members m
               WHERE m.roleid >= 16384::oid OR m.roleid = 10::oid
                  OR m.roleid = pg_catalog.to_regrole('pg_read_all_data')
                  OR m.roleid = pg_catalog.to_regrole('pg_write_all_data'))
    AS any;
