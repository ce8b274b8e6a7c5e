-- Every mechanism by which PostgreSQL runs code when rows of the tables named in $1 are
-- inserted, updated or deleted, or when such a transaction commits (docs/ODOO.md, "What a
-- write runs"), with the role whose code it is. Two uses: before a write, a session whose
-- login role is not the tables' owner refuses code of any role that is neither a superuser
-- nor the login role (the second layer behind sql/write_authority.sql); `report` names what
-- it finds on the tables that hold credentials (Odoo itself creates none of it).
-- The tables reached: those named, every table a foreign-key action of theirs writes in turn
-- (ON DELETE/UPDATE CASCADE, SET NULL, SET DEFAULT), and the tables their foreign keys check.
-- The code: the relation itself when it is not a plain table (a view, foreign or partitioned
-- table, or one with partitions or children); triggers of every kind (row, statement,
-- constraint, deferred); rules; row-level security policies; the functions, operators and
-- operator classes that constraints (CHECK, exclusion, foreign key), column defaults and
-- generated columns, and indexes (expressions, predicates, operator classes) depend on
-- (pg_depend records each); and, for the column types followed through domains, arrays,
-- composites and ranges, what a domain's CHECK and DEFAULT or a range's functions depend on,
-- and the casts to and from them (assignment casts run on INSERT and UPDATE).
-- `always`: a trigger, rule, policy or relation of another kind, named whoever owns it;
-- other rows only where the code is not a superuser's (nextval of an id's default is).
WITH RECURSIVE named AS (
    SELECT c.oid
    FROM pg_catalog.unnest($1::text[]) AS n
    JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(n)::oid
), reached (oid) AS (
    SELECT oid FROM named
    UNION
    SELECT k.conrelid
    FROM pg_catalog.pg_constraint k JOIN reached r ON k.confrelid = r.oid
    WHERE k.contype = 'f' AND (k.confdeltype IN ('c', 'n', 'd') OR k.confupdtype IN ('c', 'n', 'd'))
), tables (oid) AS (
    SELECT oid FROM reached
    UNION
    SELECT k.confrelid
    FROM pg_catalog.pg_constraint k JOIN reached r ON k.conrelid = r.oid
    WHERE k.contype = 'f'
), types (oid) AS (
    SELECT a.atttypid
    FROM pg_catalog.pg_attribute a JOIN tables t ON a.attrelid = t.oid
    WHERE a.attnum > 0 AND NOT a.attisdropped
    UNION
    SELECT inner_type.oid
    FROM types u
    JOIN pg_catalog.pg_type y ON y.oid = u.oid
    CROSS JOIN LATERAL (
        SELECT y.typbasetype
        UNION ALL SELECT y.typelem
        UNION ALL SELECT g.rngsubtype FROM pg_catalog.pg_range g WHERE g.rngtypid = y.oid
        UNION ALL SELECT a.atttypid FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = y.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    ) AS inner_type (oid)
    WHERE inner_type.oid <> 0
), attached (classid, objid, what) AS (
    SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, k.oid,
           CASE WHEN k.contypid <> 0
                THEN pg_catalog.format('constraint %I of domain %s', k.conname, k.contypid::pg_catalog.regtype)
                ELSE pg_catalog.format('constraint %I on %s', k.conname, k.conrelid::pg_catalog.regclass) END
    FROM pg_catalog.pg_constraint k
    WHERE k.conrelid IN (SELECT oid FROM tables) OR k.contypid IN (SELECT oid FROM types)
    UNION ALL
    SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, d.oid,
           pg_catalog.format(CASE a.attgenerated WHEN '' THEN 'the default of %s.%I'
                                                 ELSE 'the generated column %s.%I' END,
                             d.adrelid::pg_catalog.regclass, a.attname)
    FROM pg_catalog.pg_attrdef d
    JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    WHERE d.adrelid IN (SELECT oid FROM tables)
    UNION ALL
    SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid,
           pg_catalog.format('index %s', i.indexrelid::pg_catalog.regclass)
    FROM pg_catalog.pg_index i
    WHERE i.indrelid IN (SELECT oid FROM tables)
    UNION ALL
    SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, y.oid,
           pg_catalog.format('type %s of a column', y.oid::pg_catalog.regtype)
    FROM pg_catalog.pg_type y
    WHERE y.oid IN (SELECT oid FROM types)
), code (what, owner, always) AS (
    SELECT pg_catalog.format('%s is %s', c.oid::pg_catalog.regclass,
               CASE c.relkind WHEN 'v' THEN 'a view, not a table'
                              WHEN 'm' THEN 'a materialized view, not a table'
                              WHEN 'f' THEN 'a foreign table'
                              WHEN 'p' THEN 'a partitioned table'
                              WHEN 'r' THEN CASE WHEN c.relispartition THEN 'a partition'
                                                 ELSE 'a table with child tables' END
                              ELSE 'not a table' END),
           c.relowner, true
    FROM pg_catalog.pg_class c
    WHERE c.oid IN (SELECT oid FROM reached)
      AND (c.relkind <> 'r' OR c.relhassubclass OR c.relispartition)
    UNION ALL
    SELECT pg_catalog.format('trigger %I on %s (runs %s)', t.tgname, t.tgrelid::pg_catalog.regclass,
                             t.tgfoid::pg_catalog.regprocedure),
           p.proowner, true
    FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
    WHERE t.tgrelid IN (SELECT oid FROM reached) AND NOT t.tgisinternal
    UNION ALL
    SELECT pg_catalog.format('rule %I on %s', w.rulename, w.ev_class::pg_catalog.regclass),
           c.relowner, true
    FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class c ON c.oid = w.ev_class
    WHERE w.ev_class IN (SELECT oid FROM reached)
    UNION ALL
    SELECT pg_catalog.format('row-level security policy %I on %s', o.polname,
                             o.polrelid::pg_catalog.regclass),
           c.relowner, true
    FROM pg_catalog.pg_policy o JOIN pg_catalog.pg_class c ON c.oid = o.polrelid
    WHERE o.polrelid IN (SELECT oid FROM tables)
    UNION ALL
    SELECT pg_catalog.format('the cast from %s to %s (runs %s)', k.castsource::pg_catalog.regtype,
                             k.casttarget::pg_catalog.regtype, k.castfunc::pg_catalog.regprocedure),
           p.proowner, false
    FROM pg_catalog.pg_cast k JOIN pg_catalog.pg_proc p ON p.oid = k.castfunc
    WHERE k.castsource IN (SELECT oid FROM types) OR k.casttarget IN (SELECT oid FROM types)
    UNION ALL
    SELECT pg_catalog.format('%s (runs %s)', a.what, called.what), called.owner, false
    FROM attached a
    JOIN pg_catalog.pg_depend d ON d.classid = a.classid AND d.objid = a.objid
    CROSS JOIN LATERAL (
        SELECT p.oid::pg_catalog.regprocedure::text, p.proowner
        FROM pg_catalog.pg_proc p
        WHERE d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.refobjid
        UNION ALL
        SELECT o.oid::pg_catalog.regoperator::text || ', whose function is '
                   || o.oprcode::pg_catalog.regprocedure::text, p.proowner
        FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode
        WHERE d.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND o.oid = d.refobjid
        UNION ALL
        SELECT pg_catalog.format('operator class %I', c.opcname), c.opcowner
        FROM pg_catalog.pg_opclass c
        WHERE d.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND c.oid = d.refobjid
        UNION ALL
        SELECT pg_catalog.format('operator class %I, whose function is %s', c.opcname,
                                 f.amproc::pg_catalog.regprocedure), p.proowner
        FROM pg_catalog.pg_opclass c
        JOIN pg_catalog.pg_amproc f ON f.amprocfamily = c.opcfamily
        JOIN pg_catalog.pg_proc p ON p.oid = f.amproc
        WHERE d.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND c.oid = d.refobjid
    ) AS called (what, owner)
)
SELECT DISTINCT c.what || pg_catalog.format(', owned by %s', r.rolname) AS hazard,
       r.rolname::text AS owner,
       r.rolsuper AS superuser,
       r.rolname = SESSION_USER AS login_role
FROM code c JOIN pg_catalog.pg_roles r ON r.oid = c.owner
WHERE c.always OR NOT r.rolsuper
ORDER BY 1;
