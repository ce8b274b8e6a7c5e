-- The first statement of every write transaction (src/connect/mod.rs, Session::authorize_write):
-- may code that a role of this database planted gain rights by running in this session?
-- Whatever a write runs (a trigger, rule, default, domain, cast, policy…) is code of a role
-- that owns a relation, function, type, operator or operator class here (owning the
-- database or a schema alone plants nothing) or may add triggers to a table (TRIGGER). The code runs at most with the
-- rights of the session's login role, which it may always take back (RESET ROLE). So the
-- login role must hold no right that escapes the database which one of those roles lacks:
-- superuser (its own, or a superuser role's it may SET ROLE to), CREATEROLE, or membership of
-- pg_execute_server_program, pg_read_server_files or pg_write_server_files. A superuser lacks
-- none of them. pg_database_owner stands for the database's owner.
-- One row per planter other than the login role: `lacks`, the rights of the login role it
-- lacks (PUBLIC, for a TRIGGER grant to all, lacks all; empty: none), and whether it is a
-- superuser. The write may go on where no row lacks any; where every row is a superuser's,
-- no code on the write's path can be a non-superuser's, and the hazard scan
-- (write_hazards.sql) has nothing to find.
WITH owned (role) AS (
    SELECT relowner FROM pg_catalog.pg_class
    UNION
    SELECT proowner FROM pg_catalog.pg_proc
    UNION
    SELECT typowner FROM pg_catalog.pg_type
    UNION
    SELECT oprowner FROM pg_catalog.pg_operator
    UNION
    SELECT opcowner FROM pg_catalog.pg_opclass
    UNION
    SELECT a.grantee
    FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) AS a
    WHERE a.privilege_type = 'TRIGGER'
), planters (role) AS (
    SELECT CASE WHEN o.role = pg_catalog.to_regrole('pg_database_owner')::oid THEN d.datdba
                ELSE o.role END
    FROM owned o, pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
), held (role, power) AS (
    SELECT r.oid, v.power
    FROM pg_catalog.pg_roles r
    CROSS JOIN LATERAL (VALUES
        ('superuser', EXISTS (SELECT FROM pg_catalog.pg_roles s
                              WHERE s.rolsuper AND pg_catalog.pg_has_role(r.oid, s.oid, 'MEMBER'))),
        ('CREATEROLE', EXISTS (SELECT FROM pg_catalog.pg_roles s
                               WHERE s.rolcreaterole AND pg_catalog.pg_has_role(r.oid, s.oid, 'MEMBER'))),
        ('pg_execute_server_program', pg_catalog.pg_has_role(r.oid, 'pg_execute_server_program', 'MEMBER')),
        ('pg_read_server_files', pg_catalog.pg_has_role(r.oid, 'pg_read_server_files', 'MEMBER')),
        ('pg_write_server_files', pg_catalog.pg_has_role(r.oid, 'pg_write_server_files', 'MEMBER'))
    ) AS v (power, yes)
    WHERE v.yes AND (r.rolname = SESSION_USER OR r.oid IN (SELECT role FROM planters))
), login (power) AS (
    SELECT h.power FROM held h JOIN pg_catalog.pg_roles r ON r.oid = h.role
    WHERE r.rolname = SESSION_USER
)
SELECT CASE p.role WHEN 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(p.role)::text END AS role,
       coalesce(pg_catalog.array_agg(l.power ORDER BY l.power)
                    FILTER (WHERE l.power IS NOT NULL
                              AND NOT EXISTS (SELECT FROM held h
                                              WHERE h.role = p.role
                                                AND h.power IN (l.power, 'superuser'))),
                '{}') AS lacks,
       EXISTS (SELECT FROM held h WHERE h.role = p.role AND h.power = 'superuser') AS superuser,
       p.role = (SELECT datdba FROM pg_catalog.pg_database
                 WHERE datname = pg_catalog.current_database()) AS owns_database
FROM planters p LEFT JOIN login l ON true
WHERE p.role IS DISTINCT FROM (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = SESSION_USER)
GROUP BY p.role
ORDER BY 1;
