(CASE WHEN u.password IS NULL OR u.password = '' THEN 'none'
      WHEN u.password NOT LIKE '$pbkdf2-%' THEN 'plaintext' END)
