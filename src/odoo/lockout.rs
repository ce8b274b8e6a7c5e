//! `lockout`: every door of a login closed at once, in one write transaction per database —
//! the user's API keys (Odoo's and OCA's), 2FA trusted browsers, passkeys, the password (a
//! new one nobody knows), and with it every web session: Odoo keeps a session while its
//! token equals an HMAC of the session id over the user's `id, login, password, active` (and
//! `totp_secret`, `oauth_access_token`, passkeys where those modules are installed), keyed by
//! `database.secret` (docs/ODOO.md, "Web sessions"). A new password changes it; the cache
//! signal after the commit makes running workers compute it again.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::schema::Schema;
use crate::sql;
use std::collections::HashMap;
use tokio_postgres::types::Type;

/// Odoo's rounds for a password hash from 16.0 on (passlib's pbkdf2_sha512, `MIN_ROUNDS`).
const PASSWORD_ROUNDS: u32 = 600_000;

/// One user to lock out, as the preview found it.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: i32,
    pub login: String,
    pub active: bool,
    /// The id with the row's xmin: nothing is written for a user changed since.
    pub version: i64,
    pub has_password: bool,
    pub admin: bool,
    /// What each door holds now.
    pub doors: Doors,
}

/// What a user's doors hold: counted in the preview, and what the write closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doors {
    pub keys: i64,
    pub devices: i64,
    pub passkeys: i64,
    /// Web sessions seen in res_device_log and not revoked (18+; `None` before).
    pub sessions_seen: Option<i64>,
}

/// What to do besides closing the keys, trusted browsers and passkeys.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub keep_password: bool,
    pub archive: bool,
    /// Lock out the last active Settings admin too.
    pub force: bool,
}

/// The users `pattern` matches, with their doors (none: empty); refusals (exit 77) before
/// anything is written: `__system__` and the public user, and the last active Settings admin
/// unless `force`.
pub async fn preview(
    session: &Session,
    schema: &Schema,
    pattern: &LoginPattern,
    options: Options,
) -> Result<Vec<Target>, Failure> {
    let database = session.database();
    let rows = session.query(sql::LOCKOUT_USERS, &[]).await?;
    let mut targets = Vec::new();
    let mut other_admins = 0;
    for row in &rows {
        let login: String = row.get("login");
        let (active, admin): (bool, bool) = (row.get("active"), row.get("admin"));
        if !pattern.matches(&login) {
            other_admins += usize::from(active && admin);
            continue;
        }
        if let Some(builtin) = row.get::<_, Option<String>>("builtin") {
            return Err(Failure::new(
                Exit::Denied,
                format!("database \"{database}\": '{login}' is Odoo's built-in base.{builtin}, which no one logs in as and Odoo needs — nothing was changed; narrow --login"),
            ));
        }
        targets.push(Target {
            id: row.get("id"),
            login,
            active,
            version: row.get("version"),
            has_password: row.get("has_password"),
            admin,
            doors: Doors::default(),
        });
    }
    if targets.is_empty() {
        return Ok(targets);
    }
    let locked_admins = targets.iter().filter(|t| t.active && t.admin).count();
    if locked_admins > 0 && other_admins == 0 && !options.force {
        return Err(Failure::new(
            Exit::Denied,
            format!("database \"{database}\": this would lock out its last active Settings admin, and nobody could administer it — nothing was changed; give another user Settings first, or add --force"),
        ));
    }
    count_doors(session, schema, &mut targets).await?;
    Ok(targets)
}

/// Each target's keys, trusted browsers, passkeys and sessions seen.
async fn count_doors(
    session: &Session,
    schema: &Schema,
    targets: &mut [Target],
) -> Result<(), Failure> {
    use crate::odoo::keys::{self, Selection};
    let ids: Vec<i32> = targets.iter().map(|t| t.id).collect();
    let all = Selection {
        odoo: true,
        oca: true,
        devices: true,
    };
    let mut doors: HashMap<i32, Doors> = HashMap::new();
    for key in keys::list(session, schema, &all).await? {
        let entry = doors.entry(key.owner_id).or_default();
        match key.trusted_device {
            true => entry.devices += 1,
            false => entry.keys += 1,
        }
    }
    let passkeys = match schema.has_passkeys() {
        true => per_user(session, sql::LOCKOUT_PASSKEYS, &ids).await?,
        false => HashMap::new(),
    };
    let sessions = match schema.has_device_log() {
        true => Some(per_user(session, sql::LOCKOUT_SESSIONS, &ids).await?),
        false => None,
    };
    for target in targets {
        let mut found = doors.remove(&target.id).unwrap_or_default();
        found.passkeys = passkeys.get(&target.id).copied().unwrap_or(0);
        found.sessions_seen = sessions
            .as_ref()
            .map(|s| s.get(&target.id).copied().unwrap_or(0));
        target.doors = found;
    }
    Ok(())
}

/// `--everyone`'s preview: the web sessions seen of every user (18+; `None` before).
pub async fn all_sessions(session: &Session, schema: &Schema) -> Result<Option<i64>, Failure> {
    if !schema.has_device_log() {
        return Ok(None);
    }
    let every: Option<Vec<i32>> = None;
    let rows = session
        .query(sql::LOCKOUT_SESSIONS, &[(&every, Type::INT4_ARRAY)])
        .await?;
    Ok(Some(rows.iter().map(|r| r.get::<_, i64>(1)).sum()))
}

/// A count per user: `sql` over the users `ids`, returning `user_id` and the count second.
async fn per_user(
    session: &Session,
    sql: &'static str,
    ids: &[i32],
) -> Result<HashMap<i32, i64>, Failure> {
    let rows = session.query(sql, &[(&ids, Type::INT4_ARRAY)]).await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The users whose rows `sql` deleted (its `user_id`), one entry per row.
async fn deleted_for(
    session: &Session,
    sql: &'static str,
    ids: &[i32],
) -> Result<Vec<i32>, Failure> {
    let rows = session.query(sql, &[(&ids, Type::INT4_ARRAY)]).await?;
    Ok(rows.iter().map(|r| r.get("user_id")).collect())
}

/// Which count of [`Closed`] a deleted row adds to.
type Tally = fn(&mut Closed) -> &mut i64;

/// What the write did to one user.
#[derive(Debug, Clone, Default)]
pub struct Closed {
    pub keys: i64,
    pub devices: i64,
    pub passkeys: i64,
    pub password_reset: bool,
    pub archived: bool,
}

/// In the write session (does not commit): locks the targets as previewed (a user changed
/// since: exit 75, nothing written), then deletes every key, trusted browser and passkey of
/// theirs — also one made since the preview —, gives each a new password nobody knows
/// unless `keep_password`, and archives them with `archive`.
pub async fn close(
    session: &Session,
    schema: &Schema,
    targets: &[Target],
    options: Options,
) -> Result<HashMap<i32, Closed>, Failure> {
    let database = session.database();
    let mut tables = vec!["public.res_users", "public.res_users_apikeys"];
    let oca = schema.has_relation("auth_api_key");
    tables.extend(oca.then_some("public.auth_api_key"));
    tables.extend(
        schema
            .has_totp_devices()
            .then_some("public.auth_totp_device"),
    );
    tables.extend(schema.has_passkeys().then_some("public.auth_passkey_key"));
    crate::odoo::hazards::refuse_foreign_code(session, &tables).await?;

    let versions: Vec<i64> = targets.iter().map(|t| t.version).collect();
    let locked = session
        .query(sql::LOCKOUT_LOCK_USERS, &[(&versions, Type::INT8_ARRAY)])
        .await?;
    if locked.len() != targets.len() {
        return Err(Failure::new(
            Exit::Timeout,
            format!("database \"{database}\": a user to lock out changed since the preview (written by Odoo or someone else); nothing was changed — run it again"),
        ));
    }
    let ids: Vec<i32> = targets.iter().map(|t| t.id).collect();
    let mut closed: HashMap<i32, Closed> = ids.iter().map(|&id| (id, Closed::default())).collect();
    for row in session
        .query(sql::LOCKOUT_DELETE_KEYS, &[(&ids, Type::INT4_ARRAY)])
        .await?
    {
        let entry = closed.entry(row.get("user_id")).or_default();
        match row.get::<_, bool>("device") {
            true => entry.devices += 1,
            false => entry.keys += 1,
        }
    }
    let others: [(bool, &'static str, Tally); 3] = [
        (oca, sql::LOCKOUT_DELETE_OCA_KEYS, |c| &mut c.keys),
        (
            schema.has_totp_devices(),
            sql::LOCKOUT_DELETE_DEVICES,
            |c| &mut c.devices,
        ),
        (schema.has_passkeys(), sql::LOCKOUT_DELETE_PASSKEYS, |c| {
            &mut c.passkeys
        }),
    ];
    for (present, sql, field) in others {
        if present {
            for id in deleted_for(session, sql, &ids).await? {
                *field(closed.entry(id).or_default()) += 1;
            }
        }
    }
    if !options.keep_password || options.archive {
        let hashes: Vec<Option<String>> = match options.keep_password {
            true => vec![None; ids.len()],
            false => ids
                .iter()
                .map(|_| new_password_hash().map(Some))
                .collect::<Result<_, _>>()?,
        };
        session
            .query(
                sql::LOCKOUT_USERS_WRITE,
                &[
                    (&ids, Type::INT4_ARRAY),
                    (&hashes, Type::TEXT_ARRAY),
                    (&options.archive, Type::BOOL),
                ],
            )
            .await?;
        for target in targets {
            let entry = closed.entry(target.id).or_default();
            entry.password_reset = !options.keep_password;
            entry.archived = options.archive && target.active;
        }
    }
    Ok(closed)
}

/// `--everyone`'s preview: the version of `database.secret` (its value is never read); a
/// database without one has no sessions to end that way (exit 66).
pub async fn secret_version(session: &Session) -> Result<i64, Failure> {
    let rows = session.query(sql::LOCKOUT_SECRET_VERSION, &[]).await?;
    rows.first().map(|r| r.get("version")).ok_or_else(|| {
        Failure::new(
            Exit::NoDatabase,
            format!("database \"{}\" has no database.secret, which every Odoo database has: nothing was changed — is it an Odoo database in use?", session.database()),
        )
    })
}

/// `--everyone`, in the write session (does not commit): a new `database.secret`, made as
/// Odoo makes one (a random UUID) and told to nobody, while the row is as previewed.
pub async fn new_secret(session: &Session, version: i64) -> Result<(), Failure> {
    crate::odoo::hazards::refuse_foreign_code(session, &["public.ir_config_parameter"]).await?;
    let mut bytes = zeroize::Zeroizing::new([0u8; 16]);
    getrandom::fill(bytes.as_mut()).map_err(|e| {
        Failure::new(
            Exit::Io,
            format!("the operating system gave no random bytes ({e}); nothing was changed"),
        )
    })?;
    let secret = crate::secret::Secret::new(uuid4(&bytes));
    let rows = session
        .query(
            sql::LOCKOUT_SECRET_WRITE,
            &[(&secret.expose(), Type::TEXT), (&version, Type::INT8)],
        )
        .await?;
    match rows.is_empty() {
        true => Err(Failure::new(
            Exit::Timeout,
            format!("database \"{}\": database.secret changed since the preview; nothing was changed — run it again", session.database()),
        )),
        false => Ok(()),
    }
}

/// Python's `str(uuid.uuid4())` of 16 random bytes: version 4, the RFC 4122 variant, in the
/// hyphenated hex form Odoo stores.
fn uuid4(random: &[u8; 16]) -> String {
    uuid::Builder::from_random_bytes(*random)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// A passlib hash of 32 random bytes that are dropped at once: a password nobody knows, which
/// Odoo reads as any other (so no value it would misread), and which no one can type.
fn new_password_hash() -> Result<String, Failure> {
    let mut secret = zeroize::Zeroizing::new([0u8; 32]);
    let mut salt = [0u8; 16];
    getrandom::fill(secret.as_mut())
        .and_then(|()| getrandom::fill(&mut salt))
        .map_err(|e| {
            Failure::new(
                Exit::Io,
                format!("the operating system gave no random bytes ({e}); nothing was changed"),
            )
        })?;
    Ok(crate::odoo::credential::pbkdf2_sha512(
        secret.as_ref(),
        &salt,
        PASSWORD_ROUNDS,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_new_secret_reads_as_odoos_uuid4() {
        let id = super::uuid4(&[0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            super::uuid4(&[0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
    }

    #[test]
    fn a_new_password_is_a_hash_odoo_reads_and_never_the_same() {
        let a = super::new_password_hash().unwrap();
        let b = super::new_password_hash().unwrap();
        assert!(a.starts_with("$pbkdf2-sha512$600000$"), "{a}");
        assert_ne!(a, b);
        assert_eq!(crate::odoo::credential::rounds(&a), Some(600_000));
    }
}
