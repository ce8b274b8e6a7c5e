(CASE WHEN u.password IS NULL OR u.password::text = '' THEN 'none'
      WHEN u.password::text NOT LIKE '$pbkdf2-%' THEN 'plaintext' END)
