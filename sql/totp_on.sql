(u.totp_secret IS NOT NULL AND u.totp_secret::text NOT IN ('', 'false'))
