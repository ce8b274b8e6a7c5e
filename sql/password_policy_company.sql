-- OCA password_security up to 16.0 keeps its policy on each company (res_company.password_*,
-- OCA/server-auth password_security/models/res_company.py; the settings screen edits the
-- user's company). One policy for the database, the strictest of its companies: the
-- shortest expiry that is on (0 is off), the largest of the rest (a negative history, which
-- means "every password", is kept as -1 unless a company asks for a count).
SELECT pg_catalog.min(password_expiration) FILTER (WHERE password_expiration > 0)
           AS expiration_days,
       pg_catalog.max(password_minimum) AS minimum_hours,
       pg_catalog.max(password_history) AS history,
       pg_catalog.max(password_length) AS length,
       pg_catalog.max(password_lower) AS lower,
       pg_catalog.max(password_upper) AS upper,
       pg_catalog.max(password_numeric) AS numeric,
       pg_catalog.max(password_special) AS special
FROM public.res_company;
