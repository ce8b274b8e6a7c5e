-- OCA base_user_role: the active users still in the group of a role whose every line for
-- them has ended (`role-expired-still-granted`). A line is enabled from date_from to date_to
-- inclusive, against the Odoo server's date (`_compute_is_enabled`: datetime.date.today(),
-- UTC on a server run as Odoo ships it); the groups follow the enabled lines only when the
-- role sync runs (on a write of the user, and its cron, every 3 hours as installed), so an ended line
-- still grants, until then, the role's group and all it implies. Odoo checks res_groups_users_rel, so
-- that is what still holds.
SELECT u.id AS user_id, u.login::text AS login, l.id AS line_id, r.group_id, l.date_to
FROM public.res_users_role_line l
JOIN public.res_users_role r ON r.id = l.role_id
JOIN public.res_users u ON u.id = l.user_id
WHERE u.active
  AND l.date_to < (pg_catalog.now() AT TIME ZONE 'UTC')::date
  AND EXISTS (SELECT FROM public.res_groups_users_rel m
              WHERE m.uid = l.user_id AND m.gid = r.group_id)
  AND NOT EXISTS (SELECT FROM public.res_users_role_line e
                  WHERE e.user_id = l.user_id AND e.role_id = l.role_id
                    AND (e.date_from IS NULL
                         OR e.date_from <= (pg_catalog.now() AT TIME ZONE 'UTC')::date)
                    AND (e.date_to IS NULL
                         OR e.date_to >= (pg_catalog.now() AT TIME ZONE 'UTC')::date))
ORDER BY u.id, l.id;
