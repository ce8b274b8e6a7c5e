-- What could run code of the database's owner while odoo-access writes the tables named in
-- $1, asked (as read_hazards.sql) only when a superuser runs as the tables' owner: a rule, a
-- trigger (other than a foreign key's) whose function a non-superuser owns, and a CHECK
-- constraint, a column default or an index whose expression calls a function, or an
-- operator's function, that a non-superuser owns (pg_depend records both). Odoo's own
-- constraints and defaults use only pg_catalog's functions. One line per finding.
WITH target AS (
    SELECT pg_catalog.to_regclass(n) AS oid FROM pg_catalog.unnest($1::text[]) AS n
), attached (classid, objid, what, func) AS (
    SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, t.oid,
           pg_catalog.format('trigger %I on %s', t.tgname, t.tgrelid::pg_catalog.regclass), t.tgfoid
    FROM pg_catalog.pg_trigger t
    WHERE t.tgrelid IN (SELECT oid FROM target) AND NOT t.tgisinternal
    UNION ALL
    SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid,
           pg_catalog.format('rule %I on %s', r.rulename, r.ev_class::pg_catalog.regclass), NULL
    FROM pg_catalog.pg_rewrite r
    WHERE r.ev_class IN (SELECT oid FROM target)
    UNION ALL
    SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, k.oid,
           pg_catalog.format('constraint %I on %s', k.conname, k.conrelid::pg_catalog.regclass), NULL
    FROM pg_catalog.pg_constraint k
    WHERE k.conrelid IN (SELECT oid FROM target)
    UNION ALL
    SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, d.oid,
           pg_catalog.format('the default of %s.%I', d.adrelid::pg_catalog.regclass, a.attname), NULL
    FROM pg_catalog.pg_attrdef d
    JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    WHERE d.adrelid IN (SELECT oid FROM target)
    UNION ALL
    SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid,
           pg_catalog.format('index %s', i.indexrelid::pg_catalog.regclass), NULL
    FROM pg_catalog.pg_index i
    WHERE i.indrelid IN (SELECT oid FROM target)
), called (classid, objid, func) AS (
    SELECT classid, objid, func FROM attached WHERE func IS NOT NULL
    UNION ALL
    SELECT d.classid, d.objid, d.refobjid
    FROM pg_catalog.pg_depend d
    WHERE d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND (d.classid, d.objid) IN (SELECT classid, objid FROM attached)
    UNION ALL
    SELECT d.classid, d.objid, o.oprcode::pg_catalog.oid
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_operator o ON o.oid = d.refobjid
    WHERE d.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass
      AND (d.classid, d.objid) IN (SELECT classid, objid FROM attached)
)
SELECT a.what || CASE WHEN f.oid IS NULL THEN ''
                      ELSE pg_catalog.format(' (runs %s, owned by %s)',
                                             f.oid::pg_catalog.regprocedure, o.rolname) END
       AS hazard
FROM attached a
LEFT JOIN called c ON c.classid = a.classid AND c.objid = a.objid
LEFT JOIN pg_catalog.pg_proc f ON f.oid = c.func
LEFT JOIN pg_catalog.pg_roles o ON o.oid = f.proowner
WHERE SESSION_USER <> CURRENT_USER
  AND (a.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass OR NOT o.rolsuper);
