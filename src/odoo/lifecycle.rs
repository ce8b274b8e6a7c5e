//! Making keys and giving them an end, as Odoo does (docs/ODOO.md, "Key lifecycle"): what `mint`,
//! `rotate` and `expire` write, and the rules Odoo's own wizard applies before it writes.
//!
//! A key is 20 bytes from the operating system's random source as 40 lower-case hex
//! characters; Odoo stores its first 8 characters in clear (`index`) and a passlib
//! `pbkdf2_sha512` hash of 6,000 rounds with a 16-byte salt (`key`). The hash is made by the
//! `pbkdf2` crate, whose MCF strings are passlib's (adapted base64).

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::odoo::keys::Key;
use crate::odoo::kind::Kind;
use crate::odoo::schema::Schema;
use crate::secret::Secret;
use crate::sql;
use chrono::{DateTime, Utc};
use std::fmt::Write as _;
use std::time::Duration;
use tokio_postgres::types::Type;

/// Odoo's key hash: passlib's default for pbkdf2_sha512 in Odoo's KEY_CRYPT_CONTEXT.
const ROUNDS: u32 = 6000;
const SALT_BYTES: usize = 16;
const KEY_BYTES: usize = 20;

/// A new key: the secret the integration will send, and what the table stores of it.
pub struct NewKey {
    pub secret: Secret,
    pub index: String,
    pub hash: String,
}

/// Makes a key as Odoo's `_generate` does.
pub fn generate() -> Result<NewKey, Failure> {
    let mut bytes = zeroize::Zeroizing::new([0u8; KEY_BYTES]);
    let mut salt = [0u8; SALT_BYTES];
    let random = getrandom::fill(bytes.as_mut()).and_then(|()| getrandom::fill(&mut salt));
    random.map_err(|e| {
        Failure::new(
            Exit::Io,
            format!("the operating system gave no random bytes ({e}); nothing was created"),
        )
    })?;
    let mut hex = String::with_capacity(2 * KEY_BYTES);
    for byte in bytes.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    let secret = Secret::new(hex);
    let hash = hash(&secret, &salt);
    Ok(NewKey {
        index: secret.expose()[..8].to_string(),
        secret,
        hash,
    })
}

/// passlib's `$pbkdf2-sha512$6000$<salt>$<checksum>` of `secret`.
fn hash(secret: &Secret, salt: &[u8]) -> String {
    crate::odoo::credential::pbkdf2_sha512(secret.expose().as_bytes(), salt, ROUNDS)
}

/// What Odoo's rules need to know of a would-be key owner (sql/mint_owner.sql).
#[derive(Debug)]
pub struct Owner {
    pub id: i32,
    /// The row's version as read (the id with its xmin): the key is made only for this.
    pub version: i64,
    pub login: String,
    pub active: bool,
    pub kind: Kind,
    /// A Settings admin (base.group_system): may have persistent keys on 18+.
    pub admin: bool,
    /// 18+, non-admins: the longest key Odoo allows this user.
    pub max_duration: Option<Duration>,
}

/// The owner of login `login` (exact), with the longest key Odoo allows them on 18+.
pub async fn owner(session: &Session, schema: &Schema, login: &str) -> Result<Owner, Failure> {
    let rows = session
        .query(sql::MINT_OWNER, &[(&login, Type::TEXT)])
        .await?;
    let Some(row) = rows.first() else {
        return Err(Failure::new(
            Exit::NoDatabase,
            format!("database \"{}\" has no user with login '{login}' (logins are exact here) — list them with 'odoo-access users -d {}'", session.database(), session.database()),
        ));
    };
    let groups: Vec<i32> = row.get("groups");
    let admin: bool = row.get("admin");
    let max_duration = if schema.api_keys_expire() && !admin {
        let days: f64 = session
            .query_one(sql::MINT_POLICY, &[(&groups, Type::INT4_ARRAY)])
            .await?
            .get("days");
        // Odoo: no group with a duration allows one day.
        let days = if days > 0.0 { days } else { 1.0 };
        Some(Duration::from_secs_f64(days * 86_400.0))
    } else {
        None
    };
    Ok(Owner {
        id: row.get("id"),
        version: row.get("version"),
        login: login.to_string(),
        active: row.get("active"),
        kind: Kind::from_column(row.get("kind")),
        admin,
        max_duration,
    })
}

/// How long a new key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// `--expires`: this long from now.
    For(Duration),
    /// `--persistent`: never expires (the only kind of key on 14–17).
    Persistent,
}

impl Lifetime {
    /// The expiry of a key made at `now`; a duration beyond chrono's range ends at its end.
    pub fn end_from(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Lifetime::For(d) => Some(now + crate::duration::span(d)),
            Lifetime::Persistent => None,
        }
    }
}

/// `--expires` on 14–17, whose keys have no expiration date (mint, rotate).
pub fn keys_never_expire(database: &str, version: &str) -> Failure {
    Failure::new(
        Exit::NoDatabase,
        format!("database \"{database}\" is Odoo {version}, whose keys never expire (expiration dates came with 18.0) — leave out --expires"),
    )
}

/// The lifetime of `old`'s successor (`rotate`): the one asked, else the old key's as its
/// owner was given it; for a non-admin, unless one was asked, at most what Odoo allows them
/// now (the old key may predate the policy, or 18.0 itself). Keys of 14–17 never expire.
pub fn successor_lifetime(
    asked: Option<Duration>,
    old: &Key,
    owner: &Owner,
    expiring: bool,
) -> Lifetime {
    let lifetime = match (asked, old.created, old.expires) {
        _ if !expiring => Lifetime::Persistent,
        (Some(asked), _, _) => Lifetime::For(asked),
        (None, Some(created), Some(expires)) if expires > created => {
            Lifetime::For((expires - created).to_std().unwrap_or_default())
        }
        _ => Lifetime::Persistent,
    };
    match (asked, owner.max_duration, lifetime) {
        (None, Some(max), Lifetime::Persistent) => Lifetime::For(max),
        (None, Some(max), Lifetime::For(asked)) if asked > max => Lifetime::For(max),
        _ => lifetime,
    }
}

/// The name of `old_name`'s successor, made at `now`: the name with the day of the rotation,
/// the mark of an earlier rotation replaced rather than piled up.
pub fn successor_name(old_name: &str, now: DateTime<Utc>) -> String {
    let base = match old_name.rfind(" (rotated ") {
        Some(at) if old_name.ends_with(')') => &old_name[..at],
        _ => old_name,
    };
    format!("{base} (rotated {})", now.format("%Y-%m-%d"))
}

/// Where Odoo's rules would refuse, and whether the caller may override it with a flag.
pub struct Refusal {
    pub message: String,
    /// The flag that overrides it, or `None` where nothing may (archived, public owners).
    pub override_flag: Option<&'static str>,
}

/// Odoo's rules for a key of `owner` with `lifetime` (what `res.users.apikeys.description`
/// and, on 18+, `_check_expiration_date` enforce). `portal_allowed`: portal.allow_api_keys.
pub fn refusals(
    owner: &Owner,
    lifetime: Lifetime,
    keys_expire: bool,
    portal_allowed: bool,
) -> Vec<Refusal> {
    let login = &owner.login;
    let mut found = Vec::new();
    match owner.kind {
        Kind::Public => found.push(Refusal {
            message: format!("user '{login}' is the public (anonymous) user, which must never have a key"),
            override_flag: None,
        }),
        _ if !owner.active => found.push(Refusal {
            message: format!("user '{login}' is archived: Odoo refuses every key of an archived user — unarchive the user first"),
            override_flag: None,
        }),
        Kind::Portal if !portal_allowed => found.push(Refusal {
            message: format!("user '{login}' is a portal user, and Odoo's wizard makes keys for portal users only where portal.allow_api_keys is set"),
            override_flag: Some("--allow-portal"),
        }),
        _ => {}
    }
    if keys_expire && !owner.admin {
        match (lifetime, owner.max_duration) {
            (Lifetime::Persistent, _) => found.push(Refusal {
                message: format!("user '{login}' is no Settings admin, and Odoo 18+ gives persistent keys to Settings admins only — give --expires"),
                override_flag: Some("--beyond-policy"),
            }),
            (Lifetime::For(asked), Some(max)) if asked > max => found.push(Refusal {
                message: format!(
                    "a key of {} is longer than the {} Odoo allows user '{login}' (the largest api_key_duration of their groups)",
                    in_days(asked),
                    in_days(max)
                ),
                override_flag: Some("--beyond-policy"),
            }),
            _ => {}
        }
    }
    found
}

/// A key's lifetime as Odoo's settings write it: in days (api_key_duration is a number of
/// days), else as the duration it is.
fn in_days(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds % 86_400 {
        0 if seconds == 86_400 => "1 day".to_string(),
        0 => format!("{} days", seconds / 86_400),
        _ => humantime::format_duration(duration).to_string(),
    }
}

/// What the new row holds, once inserted.
pub struct Minted {
    pub id: i32,
    pub created: Option<DateTime<Utc>>,
}

/// Inserts the key's row (in the caller's write transaction) and, where `expires` is given,
/// its expiration date. Does not commit.
pub async fn insert(
    session: &Session,
    owner: &Owner,
    name: &str,
    scope: Option<&str>,
    key: &NewKey,
    expires: Option<DateTime<Utc>>,
) -> Result<Minted, Failure> {
    crate::odoo::hazards::refuse_foreign_code(session, &["public.res_users_apikeys"]).await?;
    let rows = session
        .query(
            sql::MINT_INSERT,
            &[
                (&name, Type::VARCHAR),
                (&owner.id, Type::INT4),
                (&scope, Type::VARCHAR),
                (&key.index, Type::VARCHAR),
                (&key.hash, Type::VARCHAR),
                (&owner.version, Type::INT8),
            ],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Err(Failure::new(
            Exit::Timeout,
            format!("user '{}' changed since it was read (archived, or otherwise written); nothing was created — run it again", owner.login),
        ));
    };
    let id: i32 = row.get("id");
    let created: Option<chrono::NaiveDateTime> = row.get("create_date");
    if let Some(expires) = expires {
        write_expiry(session, &[id], None, expires).await?;
    }
    Ok(Minted {
        id,
        created: created.map(|t| t.and_utc()),
    })
}

/// Sets `expires` on the keys `ids` whose rows are still at `versions` (None: no check, for
/// a key of this transaction). Returns the ids set. Does not commit.
pub async fn set_expiry(
    session: &Session,
    ids: &[i32],
    versions: Option<&[i64]>,
    expires: DateTime<Utc>,
) -> Result<Vec<i32>, Failure> {
    // As for every write: a superuser's session refuses a table the owner's code would run on.
    crate::odoo::hazards::refuse_foreign_code(session, &["public.res_users_apikeys"]).await?;
    write_expiry(session, ids, versions, expires).await
}

/// [`set_expiry`] in a transaction that has guarded the key table already ([`insert`] has):
/// its lock holds until the commit, so the guard is not run again.
pub async fn write_expiry(
    session: &Session,
    ids: &[i32],
    versions: Option<&[i64]>,
    expires: DateTime<Utc>,
) -> Result<Vec<i32>, Failure> {
    let naive = expires.naive_utc();
    let versions: Option<Vec<i64>> = versions.map(<[i64]>::to_vec);
    let rows = session
        .query(
            sql::EXPIRE_SET,
            &[
                (&ids, Type::INT4_ARRAY),
                (&naive, Type::TIMESTAMP),
                (&versions, Type::INT8_ARRAY),
            ],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const DAY: Duration = Duration::from_secs(86_400);

    fn owner(admin: bool, max_days: Option<u64>) -> Owner {
        Owner {
            id: 7,
            version: 7 << 32,
            login: "svc".into(),
            active: true,
            kind: Kind::Internal,
            admin,
            max_duration: max_days.map(|d| DAY * d as u32),
        }
    }

    #[test]
    fn a_successor_lives_as_asked_else_as_its_predecessor_within_the_owners_policy() {
        let made = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let thirty = Key::sample(3, Some(made), Some(made + chrono::Duration::days(30)));
        let forever = Key::sample(3, Some(made), None);
        let admin = owner(true, None);
        // Asked: as asked, whatever the old key or the policy (refusals() weighs the policy).
        assert_eq!(
            successor_lifetime(Some(DAY * 5), &thirty, &owner(false, Some(2)), true),
            Lifetime::For(DAY * 5)
        );
        // Not asked: the old key's lifetime...
        assert_eq!(
            successor_lifetime(None, &thirty, &admin, true),
            Lifetime::For(DAY * 30)
        );
        assert_eq!(
            successor_lifetime(None, &forever, &admin, true),
            Lifetime::Persistent
        );
        // ...capped by what the owner's groups allow now, and a persistent one given that.
        assert_eq!(
            successor_lifetime(None, &thirty, &owner(false, Some(7)), true),
            Lifetime::For(DAY * 7)
        );
        assert_eq!(
            successor_lifetime(None, &thirty, &owner(false, Some(90)), true),
            Lifetime::For(DAY * 30)
        );
        assert_eq!(
            successor_lifetime(None, &forever, &owner(false, Some(90)), true),
            Lifetime::For(DAY * 90)
        );
        // An end not after the start (a hand-edited row) is no lifetime to copy.
        let odd = Key::sample(3, Some(made), Some(made));
        assert_eq!(
            successor_lifetime(None, &odd, &admin, true),
            Lifetime::Persistent
        );
        // 14–17: keys never expire, whatever was asked.
        assert_eq!(
            successor_lifetime(Some(DAY), &thirty, &admin, false),
            Lifetime::Persistent
        );
    }

    #[test]
    fn a_successor_is_named_for_the_day_of_its_rotation_once() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 18, 0, 0).unwrap();
        assert_eq!(successor_name("erp", now), "erp (rotated 2026-12-04)");
        assert_eq!(
            successor_name("erp (rotated 2026-01-02)", now),
            "erp (rotated 2026-12-04)"
        );
        // Only a trailing mark is one.
        assert_eq!(
            successor_name("erp (rotated 2026-01-02) old", now),
            "erp (rotated 2026-01-02) old (rotated 2026-12-04)"
        );
    }

    #[test]
    fn odoos_rules_refuse_as_its_wizard_does() {
        let messages = |owner: &Owner, lifetime, expire, portal| {
            refusals(owner, lifetime, expire, portal)
                .into_iter()
                .map(|r| (r.message, r.override_flag))
                .collect::<Vec<_>>()
        };
        let mut archived = owner(true, None);
        archived.active = false;
        let refused = messages(&archived, Lifetime::Persistent, true, true);
        assert!(refused[0].0.contains("archived") && refused[0].1.is_none());
        let mut portal = owner(false, Some(30));
        portal.kind = Kind::Portal;
        let refused = messages(&portal, Lifetime::For(DAY), true, false);
        assert_eq!(refused[0].1, Some("--allow-portal"));
        assert!(messages(&portal, Lifetime::For(DAY), true, true).is_empty());
        let refused = messages(
            &owner(false, Some(30)),
            Lifetime::For(DAY * 31),
            true,
            false,
        );
        assert!(
            refused[0].0.contains("longer than the 30 days"),
            "{refused:?}"
        );
        assert!(messages(
            &owner(false, Some(30)),
            Lifetime::For(DAY * 30),
            true,
            false
        )
        .is_empty());
        // Persistent keys: Settings admins only on 18+, anyone on 14–17.
        let refused = messages(&owner(false, None), Lifetime::Persistent, true, false);
        assert_eq!(refused[0].1, Some("--beyond-policy"));
        assert!(messages(&owner(false, None), Lifetime::Persistent, false, false).is_empty());
        assert!(messages(&owner(true, None), Lifetime::Persistent, true, false).is_empty());
        let mut public = owner(false, None);
        public.kind = Kind::Public;
        assert!(messages(&public, Lifetime::Persistent, false, true)[0]
            .1
            .is_none());
    }

    #[test]
    fn lifetimes_are_said_in_days_as_odoo_s_settings_count_them() {
        let day = Duration::from_secs(86_400);
        assert_eq!(in_days(day), "1 day");
        assert_eq!(in_days(day * 90), "90 days");
        assert_eq!(in_days(Duration::from_secs(3_600 * 12)), "12h");
    }

    #[test]
    fn a_key_is_40_hex_characters_whose_hash_odoo_would_verify() {
        let key = generate().unwrap();
        let secret = key.secret.expose();
        assert_eq!(secret.len(), 40);
        assert!(secret
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(key.index, &secret[..8]);
        assert!(key.hash.starts_with("$pbkdf2-sha512$6000$"), "{}", key.hash);
        // 22 characters of salt, 86 of checksum: 129 in all, as passlib writes them.
        assert_eq!(key.hash.len(), 129);
        assert!(crate::odoo::credential::matches(&key.hash, secret));
        assert!(!crate::odoo::credential::matches(
            &key.hash,
            &secret.to_uppercase()
        ));
        assert_ne!(generate().unwrap().secret, key.secret);
    }
}
