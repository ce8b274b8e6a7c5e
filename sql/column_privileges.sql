-- Whether the role may SELECT each column, given as relation oids ($1) and column numbers ($2)
-- side by side; asked only for relations the role may not SELECT as a whole (the audit role
-- of sql/roles/audit-role.sql is granted single columns).
SELECT c.relation,
       c.number,
       pg_catalog.has_column_privilege(c.relation, c.number, 'SELECT') AS readable
FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.oid[]),
                pg_catalog.unnest($2::pg_catalog.int2[])) AS c(relation, number);
