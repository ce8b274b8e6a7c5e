//! API keys: Odoo's hashed `res_users_apikeys` (and 2FA trusted browsers, which share its
//! layout) and OCA's plain-text `auth_api_key`. The key or its hash is never read here.

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::clock::naive_utc;
use crate::odoo::kind::Kind;
use crate::odoo::login_pattern::LoginPattern;
use crate::odoo::schema::Schema;
use crate::sql;
use chrono::{DateTime, Utc};
use tokio_postgres::Row;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `res_users_apikeys` / `auth_totp_device` (hashed).
    Odoo,
    /// OCA `auth_api_key` (plain text).
    Oca,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Odoo => "odoo",
            Source::Oca => "oca",
        }
    }

    /// The table its rows are deleted from, qualified.
    pub fn table(self) -> &'static str {
        match self {
            Source::Odoo => "public.res_users_apikeys",
            Source::Oca => "public.auth_api_key",
        }
    }
}

/// Exactly one per key; the first that applies wins (docs/COMMAND-LINE.md, "The command-line contract").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 18+: past its expiration date (by the server's clock).
    Expired,
    /// The owner is archived (or an OCA key is archived): refused now, works again if
    /// reactivated.
    Dormant,
    /// A scope RPC does not accept (RPC asks for NULL or 'rpc'), an OCA key, or a trusted
    /// browser.
    NotRpc,
    /// Owned by a portal user: accepted for RPC, as real Odoo does.
    Portal,
    Active,
    /// The key table's shape is unknown (no `scope`): what depends on the scope cannot be said.
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Expired => "expired",
            Status::Dormant => "dormant",
            Status::NotRpc => "not-rpc",
            Status::Portal => "portal",
            Status::Active => "active",
            Status::Unknown => "unknown",
        }
    }
}

/// Whether XML-RPC/JSON-RPC accepts a key of this scope: RPC asks for scope `rpc`, and a key
/// without a scope (NULL, "global") is accepted for every scope.
pub fn rpc_accepts_scope(scope: Option<&str>) -> bool {
    matches!(scope, None | Some("rpc"))
}

/// A key as odoo-access sees it; also what `revoke --plan` writes, so that `--apply` can
/// tell whether a key is still exactly what was planned.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    pub id: i32,
    pub source: Source,
    /// A 2FA trusted browser rather than an API key.
    pub trusted_device: bool,
    pub name: String,
    /// `None` = global: accepted for every scope, RPC included.
    pub scope: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub expires: Option<DateTime<Utc>>,
    pub expired: bool,
    pub key_active: bool,
    pub owner_id: i32,
    pub owner_login: String,
    pub owner_active: bool,
    /// From `res_users.share` and the public group (keys.sql), or from the users list.
    pub owner_kind: Kind,
    /// The key's and its owner's row versions when read; `revoke` deletes the key only while
    /// both are unchanged. `None` where the role may not read them (`xmin`): such a key can be
    /// listed, not revoked.
    pub version: Option<Version>,
    /// False where the key table has no `scope` ([`Schema::key_scope_known`]): `scope` is then
    /// not "global" but unknown.
    #[serde(default = "known")]
    pub scope_known: bool,
}

/// Plans written before `scope_known` existed knew their keys' scopes.
fn known() -> bool {
    true
}

/// Row versions from the key queries (`key_version`, `owner_version`): a row's id with its
/// `xmin`, which PostgreSQL changes on every write of the row. Opaque to the client: only
/// compared, by the server, in sql/revoke_delete.sql.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Version {
    pub key: i64,
    pub owner: i64,
}

impl Key {
    pub fn status(&self) -> Status {
        if self.expired {
            Status::Expired
        } else if !self.owner_active || !self.key_active {
            Status::Dormant
        } else if !self.scope_known {
            Status::Unknown
        } else if self.source == Source::Oca
            || self.trusted_device
            || !rpc_accepts_scope(self.scope.as_deref())
        {
            Status::NotRpc
        } else if self.owner_kind != Kind::Internal {
            Status::Portal
        } else {
            Status::Active
        }
    }

    /// Whether Odoo would accept this key for XML-RPC/JSON-RPC right now; `None` where the
    /// status cannot be decided.
    pub fn rpc_usable(&self) -> Option<bool> {
        match self.status() {
            Status::Unknown => None,
            status => Some(matches!(status, Status::Portal | Status::Active)),
        }
    }

    pub fn age_days(&self, now: DateTime<Utc>) -> Option<i64> {
        self.created
            .map(|c| now.signed_duration_since(c).num_days())
    }

    /// A row of sql/keys.sql, sql/devices.sql or sql/oca_keys.sql, which all return
    /// [`ROW_SHAPE`]. Read by position (checked in debug builds, so by every test): no name
    /// search per field of each of 50,000 rows.
    fn from_row(row: &Row) -> Key {
        debug_assert!(
            row.columns().iter().map(|c| c.name()).eq(ROW_SHAPE),
            "a key query returns its columns out of order"
        );
        let owner = Owner {
            login: row.get(10),
            active: row.get(11),
            kind: Kind::from_column(row.get(12)),
            version: row.get(14),
        };
        Key::with_owner(row, row.get(13), owner)
    }

    /// The key's own columns: the first [`KEY_COLUMNS`] of every key query.
    fn with_owner(row: &Row, key_version: Option<i64>, owner: Owner) -> Key {
        Key {
            id: row.get(0),
            source: if row.get::<_, &str>(1) == "oca" {
                Source::Oca
            } else {
                Source::Odoo
            },
            trusted_device: row.get::<_, &str>(2) == "trusted_device",
            name: row.get(3),
            scope: row.get(4),
            created: naive_utc(row.get(5)),
            expires: naive_utc(row.get(6)),
            expired: row.get(7),
            key_active: row.get(8),
            owner_id: row.get(9),
            owner_login: owner.login,
            owner_active: owner.active,
            owner_kind: owner.kind,
            version: key_version
                .zip(owner.version)
                .map(|(key, owner)| Version { key, owner }),
            scope_known: true,
        }
    }
}

#[cfg(test)]
impl Key {
    /// An Odoo key of the active internal user `svc` (#7) for unit tests: no scope, no row
    /// versions.
    pub(crate) fn sample(
        id: i32,
        created: Option<DateTime<Utc>>,
        expires: Option<DateTime<Utc>>,
    ) -> Key {
        Key {
            id,
            source: Source::Odoo,
            trusted_device: false,
            name: format!("k{id}"),
            scope: None,
            created,
            expires,
            expired: false,
            key_active: true,
            owner_id: 7,
            owner_login: "svc".into(),
            owner_active: true,
            owner_kind: Kind::Internal,
            version: None,
            scope_known: true,
        }
    }
}

/// A key's owner: what decides the key's status (archived, portal) and the row version that
/// `revoke` checks.
#[derive(Debug)]
pub struct Owner {
    pub login: String,
    pub active: bool,
    pub kind: Kind,
    /// The row version (see [`Version`]); `None` where the role may not read it.
    pub version: Option<i64>,
}

/// The columns every key query returns, in this order.
const ROW_SHAPE: [&str; 15] = [
    "id",
    "source",
    "type",
    "name",
    "scope",
    "created",
    "expires",
    "expired",
    "key_active",
    "owner_id",
    "owner_login",
    "owner_active",
    "owner_kind",
    "key_version",
    "owner_version",
];

/// How many columns of [`ROW_SHAPE`] are the key's own (up to `owner_id`): those
/// sql/report_keys.sql returns.
const KEY_COLUMNS: usize = 10;

/// Which rows to read.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub odoo: bool,
    pub oca: bool,
    /// Include 2FA trusted browsers.
    pub devices: bool,
}

/// Reads the keys the selection asks for, odoo then oca, each in id order.
pub async fn list(
    session: &Session,
    schema: &Schema,
    selection: &Selection,
) -> Result<Vec<Key>, Failure> {
    let mut keys = Vec::new();
    if selection.odoo {
        let mut odoo = read(session, &schema.adapt(sql::KEYS)).await?;
        for key in &mut odoo {
            key.scope_known = schema.key_scope_known();
        }
        keys.extend(odoo);
        if selection.devices && schema.has_totp_devices() {
            keys.extend(read(session, &schema.adapt(sql::DEVICES)).await?);
        }
    }
    if selection.oca && schema.has_oca_api_keys() {
        keys.extend(read(session, &schema.adapt(sql::OCA_KEYS)).await?);
    }
    if !selection.devices {
        keys.retain(|k| !k.trusted_device);
    }
    Ok(keys)
}

/// One listing query's keys in id order, decoded as the rows arrive. The queries have no
/// ORDER BY: sorting on the client lets the server stream a parallel scan instead of merging
/// sorted workers (half the server time on 50,000 keys).
async fn read(session: &Session, query: &str) -> Result<Vec<Key>, Failure> {
    let mut keys = Vec::new();
    session
        .for_each_row(query, &[], |row| {
            keys.push(Key::from_row(&row));
            Ok(())
        })
        .await?;
    keys.sort_unstable_by_key(|k| k.id);
    Ok(keys)
}

/// Odoo's API keys without their owners or row versions (sql/report_keys.sql), for `report`
/// (which revokes nothing): it reads every
/// user anyway, and a join with `res_users` per database cost a fleet audit 5 %
/// (benches/fleet.sh). Read at once, so that the query goes out with the users query;
/// [`OwnerlessRows::with_owners`] completes them. Trusted browsers are left out.
pub async fn ownerless(session: &Session, schema: &Schema) -> Result<OwnerlessRows, Failure> {
    Ok(OwnerlessRows(
        session.query(&schema.adapt(sql::REPORT_KEYS), &[]).await?,
        schema.key_scope_known(),
    ))
}

/// The rows of [`ownerless`], and whether the table they come from has a scope.
pub struct OwnerlessRows(Vec<Row>, bool);

impl OwnerlessRows {
    /// The keys in id order, each with its owner as `owner` finds it by user id. A key whose
    /// owner is not found is left out, as the join of keys.sql would leave it out; in one
    /// snapshot there is none (`user_id` is NOT NULL, with a foreign key).
    pub fn with_owners(&self, owner: impl Fn(i32) -> Option<Owner>) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .0
            .iter()
            .filter_map(|row| {
                debug_assert!(
                    row.columns()
                        .iter()
                        .map(|c| c.name())
                        .eq(ROW_SHAPE[..KEY_COLUMNS].iter().copied()),
                    "an ownerless key query returns its columns out of order"
                );
                let owner = owner(row.get(9))?;
                let mut key = Key::with_owner(row, None, owner);
                key.scope_known = self.1;
                Some(key)
            })
            .collect();
        keys.sort_unstable_by_key(|k| k.id);
        keys
    }
}

/// The filters shared by `keys` and `revoke`, validated.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub login: Option<LoginPattern>,
    pub statuses: Vec<Status>,
    pub expiring_within: Option<chrono::Duration>,
    pub older_than: Option<chrono::Duration>,
    pub persistent: bool,
    /// `Some(None)`: global keys only.
    pub scope: Option<Option<String>>,
    pub ids: Option<Vec<i32>>,
}

impl Filter {
    /// True when no filter narrows the selection (`revoke` refuses that without --all-keys).
    pub fn is_empty(&self) -> bool {
        self.login.is_none()
            && self.statuses.is_empty()
            && self.expiring_within.is_none()
            && self.older_than.is_none()
            && !self.persistent
            && self.scope.is_none()
            && self.ids.is_none()
    }

    pub fn keeps(&self, key: &Key, now: DateTime<Utc>) -> bool {
        self.login
            .as_ref()
            .is_none_or(|p| p.matches(&key.owner_login))
            && (self.statuses.is_empty() || self.statuses.contains(&key.status()))
            && self.expiring_within.is_none_or(|window| {
                key.expires
                    .is_some_and(|t| !key.expired && t.signed_duration_since(now) <= window)
            })
            && self.older_than.is_none_or(|age| {
                key.created
                    .is_some_and(|c| now.signed_duration_since(c) >= age)
            })
            && (!self.persistent || key.expires.is_none())
            && self.scope.as_ref().is_none_or(|s| s == &key.scope)
            && self.ids.as_ref().is_none_or(|ids| ids.contains(&key.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key {
            id: 1,
            source: Source::Odoo,
            trusted_device: false,
            name: "k".into(),
            scope: None,
            created: None,
            expires: None,
            expired: false,
            key_active: true,
            owner_id: 2,
            owner_login: "carol".into(),
            owner_active: true,
            owner_kind: Kind::Internal,
            version: Some(Version { key: 1, owner: 2 }),
            scope_known: true,
        }
    }

    #[test]
    fn status_precedence_is_expired_dormant_not_rpc_portal_active() {
        let all = Key {
            expired: true,
            owner_active: false,
            scope: Some("odoo.plugin.outlook".into()),
            owner_kind: Kind::Portal,
            ..key()
        };
        assert_eq!(all.status(), Status::Expired);
        assert_eq!(
            Key {
                expired: false,
                ..all.clone()
            }
            .status(),
            Status::Dormant
        );
        assert_eq!(
            Key {
                expired: false,
                owner_active: true,
                ..all.clone()
            }
            .status(),
            Status::NotRpc
        );
        let portal = Key {
            owner_kind: Kind::Portal,
            ..key()
        };
        assert_eq!(portal.status(), Status::Portal);
        assert_eq!(portal.rpc_usable(), Some(true));
        assert_eq!(
            Key {
                scope: Some("rpc".into()),
                ..key()
            }
            .status(),
            Status::Active
        );
        assert_eq!(
            Key {
                source: Source::Oca,
                ..key()
            }
            .status(),
            Status::NotRpc
        );
        assert_eq!(
            Key {
                source: Source::Oca,
                ..key()
            }
            .rpc_usable(),
            Some(false)
        );
        // Without a scope column only what does not depend on the scope is decided.
        let unknown = Key {
            scope_known: false,
            ..key()
        };
        assert_eq!(unknown.status(), Status::Unknown);
        assert_eq!(unknown.rpc_usable(), None);
        assert_eq!(
            Key {
                expired: true,
                ..unknown.clone()
            }
            .status(),
            Status::Expired
        );
    }
}
