-- The LOGIN roles of the cluster, other than superusers and this database's owner, that may
-- read a credential Odoo or an OCA module keeps in this database, or write who gets in
-- (`role-reads-credentials`, `role-writes-access`: INSERT or UPDATE of the table or of any
-- column; DELETE only closes doors, which is all the shipped revoke role may do): directly, through PUBLIC, through the
-- roles whose rights they inherit (pg_read_all_data and pg_write_all_data included) and
-- through the roles they may SET ROLE to, which a NOINHERIT member still can. PostgreSQL's
-- own has_*_privilege functions decide, never a parsed ACL. Each right is asked once per
-- role, and a login role gets the rights of every role it is a member of: roles × targets
-- checks, then login roles × holders memberships. Only catalogs are read: no row of the
-- tables named, and no value. Sent only where sql/role_access_gate.sql says it could find
-- something.
WITH targets (access, rel, col) AS (
    -- From src/odoo/roles.rs: ('read', table, column) and ('write', table, NULL).
    SELECT * FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[]),
                       pg_catalog.unnest($3::text[]))
),
present AS (
    SELECT t.access, t.rel, t.col, c.oid AS relid
    FROM targets t
    JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass('public.' || t.rel)
    WHERE t.col IS NULL
       OR EXISTS (SELECT FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = t.col AND a.attnum > 0
                    AND NOT a.attisdropped)
),
owner AS (
    SELECT datdba FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()
),
logins AS (
    SELECT r.oid, r.rolname
    FROM pg_catalog.pg_roles r, owner
    WHERE r.rolcanlogin AND NOT r.rolsuper AND r.oid <> owner.datdba
),
held AS (
    SELECT r.oid AS holder, r.rolname::text AS holder_name, p.access,
           p.rel || COALESCE('.' || p.col, '') AS what
    FROM pg_catalog.pg_roles r
    CROSS JOIN present p
    WHERE CASE p.access
              WHEN 'read' THEN pg_catalog.has_column_privilege(r.oid, p.relid, p.col, 'SELECT')
              ELSE pg_catalog.has_any_column_privilege(r.oid, p.relid, 'INSERT, UPDATE')
          END
),
-- Membership is asked only of the roles that hold something (superusers, the owner,
-- pg_read_all_data, the grantees): a hosting cluster's hundreds of roles hold nothing here.
reach AS (
    SELECT l.oid, l.rolname, h.holder
    FROM logins l
    CROSS JOIN (SELECT DISTINCT holder FROM held) h
    WHERE pg_catalog.pg_has_role(l.oid, h.holder, 'MEMBER')
)
SELECT r.rolname::text AS role,
       pg_catalog.array_agg(DISTINCT h.what ORDER BY h.what)
           FILTER (WHERE h.access = 'read') AS reads,
       pg_catalog.array_agg(DISTINCT h.what ORDER BY h.what)
           FILTER (WHERE h.access = 'write') AS writes,
       pg_catalog.array_agg(DISTINCT h.holder_name ORDER BY h.holder_name)
           FILTER (WHERE h.holder <> r.oid) AS through
FROM reach r
JOIN held h ON h.holder = r.holder
GROUP BY r.rolname
ORDER BY r.rolname;
