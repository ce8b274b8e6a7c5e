-- The same for OCA's auth_api_key.
LOCK TABLE auth_api_key IN SHARE ROW EXCLUSIVE MODE;
