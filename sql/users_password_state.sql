-- Users whose password Odoo treats specially, tested and never returned: 'none' (no password
-- set: Odoo refuses every password of the user, over RPC too; its API keys still work) and
-- 'plaintext' (stored in clear: Odoo's CryptContext still accepts it, and hashes it only at
-- the next start-up or password change). Every other user has a passlib hash.
SELECT id AS uid,
       CASE WHEN password IS NULL OR password = '' THEN 'none' ELSE 'plaintext' END AS state
FROM public.res_users
WHERE password IS NULL OR password = '' OR password NOT LIKE '$pbkdf2-%';
