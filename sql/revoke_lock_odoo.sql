-- Holds off every change to API keys until the revoke commits, so the rows re-read next are
-- the rows deleted. Odoo's key checks (plain SELECTs) go on meanwhile. Needs only DELETE.
LOCK TABLE res_users_apikeys IN SHARE ROW EXCLUSIVE MODE;
