-- report: users whose password is stored in clear (Odoo's CryptContext still accepts it, and
-- hashes it only at the next start-up or password change). The value is only tested, never
-- returned.
SELECT id AS uid
FROM public.res_users
WHERE password IS NOT NULL AND password <> '' AND password NOT LIKE '$pbkdf2-%';
