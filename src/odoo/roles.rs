//! The doors beneath Odoo: the PostgreSQL roles that may read Odoo's credentials or write who
//! gets in without ever logging in, the owners of Odoo databases, and what the cluster's
//! authentication (pg_hba.conf, stored MD5 passwords, TLS) lets in. Only catalogs and
//! settings are read: no value of a credential, a stored password or a rule's options.

use crate::connect::Session;
use crate::error::Failure;
use crate::odoo::schema::Schema;
use crate::sql;
use tokio_postgres::types::{ToSql, Type};

/// A LOGIN role (not a superuser, not the database's owner) with rights on the tables that
/// decide who gets in (sql/role_access.sql).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAccess {
    pub role: String,
    /// `table.column` of the credentials it may read.
    pub reads: Vec<String>,
    /// The tables it may INSERT into or UPDATE (whole, or a column of).
    pub writes: Vec<String>,
    /// The roles it has these rights through (pg_read_all_data, a group, one it may SET ROLE
    /// to); empty where they are its own or PUBLIC's.
    pub through: Vec<String>,
}

/// What `role-reads-credentials` and `role-writes-access` ask about: the credential columns
/// a role may not read, and the tables it may not insert into or update.
const TARGETS: &[(&str, &str, Option<&str>)] = &[
    ("read", "res_users", Some("password")),
    ("read", "res_users", Some("totp_secret")),
    ("read", "res_users_apikeys", Some("key")),
    ("read", "auth_totp_device", Some("key")),
    ("read", "ir_config_parameter", Some("value")),
    ("read", "auth_api_key", Some("key")),
    ("read", "auth_jwt_validator", Some("secret_key")),
    ("read", "auditlog_http_session", Some("name")),
    ("write", "res_users", None),
    ("write", "res_groups_users_rel", None),
    ("write", "res_groups_implied_rel", None),
    ("write", "res_users_apikeys", None),
    ("write", "ir_config_parameter", None),
    ("write", "res_users_role_line", None),
];

/// The roles of this database's [`RoleAccess`]: a cheap look at the ACLs and memberships
/// first (sql/role_access_gate.sql), PostgreSQL's privilege functions where it finds any.
pub async fn access(session: &Session, schema: &Schema) -> Result<Vec<RoleAccess>, Failure> {
    let present: Vec<u32> = TARGETS
        .iter()
        .filter_map(|t| schema.relation_oid(t.1))
        .collect();
    let (credential_tables, credential_columns): (Vec<u32>, Vec<&str>) = TARGETS
        .iter()
        .filter_map(|t| Some((schema.relation_oid(t.1)?, t.2?)))
        .unzip();
    let gate: [(&(dyn ToSql + Sync), Type); 3] = [
        (&present, Type::OID_ARRAY),
        (&credential_tables, Type::OID_ARRAY),
        (&credential_columns, Type::TEXT_ARRAY),
    ];
    let any: bool = session
        .query_one(sql::ROLE_ACCESS_GATE, &gate)
        .await?
        .get("any");
    if !any {
        return Ok(Vec::new());
    }
    let access: Vec<&str> = TARGETS.iter().map(|t| t.0).collect();
    let tables: Vec<&str> = TARGETS.iter().map(|t| t.1).collect();
    let columns: Vec<Option<&str>> = TARGETS.iter().map(|t| t.2).collect();
    let params: [(&(dyn ToSql + Sync), Type); 3] = [
        (&access, Type::TEXT_ARRAY),
        (&tables, Type::TEXT_ARRAY),
        (&columns, Type::TEXT_ARRAY),
    ];
    let rows = session.query(sql::ROLE_ACCESS, &params).await?;
    let list = |row: &tokio_postgres::Row, column: &str| -> Vec<String> {
        row.get::<_, Option<Vec<String>>>(column)
            .unwrap_or_default()
    };
    Ok(rows
        .iter()
        .map(|row| RoleAccess {
            role: row.get("role"),
            reads: list(row, "reads"),
            writes: list(row, "writes"),
            through: list(row, "through"),
        })
        .collect())
}

/// The owner of an audited database and its attributes that reach beyond Odoo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub database: String,
    pub owner: String,
    pub superuser: bool,
    pub createrole: bool,
    pub bypassrls: bool,
    pub replication: bool,
}

/// One rule of pg_hba.conf as the server loaded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HbaRule {
    pub line: i32,
    /// `local`, `host`, `hostssl`, `hostnossl`, `hostgssenc`, `hostnogssenc`.
    pub kind: String,
    pub database: String,
    pub user: String,
    pub address: Option<String>,
    pub netmask: Option<String>,
    pub method: String,
}

/// What the cluster-wide checks read. `None`: the role may not see it (`not-checked`).
#[derive(Debug, Clone, Default)]
pub struct Cluster {
    /// Every database's owner; the findings keep the audited databases'.
    pub owners: Vec<Owner>,
    pub md5_roles: Option<Vec<String>>,
    pub hba: Option<Vec<HbaRule>>,
    /// The `ssl` setting as the server shows it (`on`, `off`).
    pub ssl: String,
    pub listen_addresses: String,
}

/// Reads the cluster's facts, as far as the role may.
pub async fn cluster(session: &Session) -> Result<Cluster, Failure> {
    let (settings, owners) = tokio::try_join!(
        session.query_one(sql::CLUSTER_SETTINGS, &[]),
        session.query(sql::CLUSTER_OWNERS, &[]),
    )?;
    let owners = owners
        .iter()
        .map(|row| Owner {
            database: row.get("database"),
            owner: row.get("owner"),
            superuser: row.get("superuser"),
            createrole: row.get("createrole"),
            bypassrls: row.get("bypassrls"),
            replication: row.get("replication"),
        })
        .collect();
    let md5_roles = match settings.get::<_, bool>("sees_authid") {
        true => Some(
            session
                .query(sql::CLUSTER_MD5_ROLES, &[])
                .await?
                .iter()
                .map(|row| row.get("role"))
                .collect(),
        ),
        false => None,
    };
    let hba = match settings.get::<_, bool>("sees_hba") {
        true => Some(
            session
                .query(sql::CLUSTER_HBA, &[])
                .await?
                .iter()
                .map(|row| HbaRule {
                    line: row.get("line_number"),
                    kind: row.get("type"),
                    database: row.get::<_, Option<String>>("database").unwrap_or_default(),
                    user: row
                        .get::<_, Option<String>>("user_name")
                        .unwrap_or_default(),
                    address: row.get("address"),
                    netmask: row.get("netmask"),
                    method: row.get("auth_method"),
                })
                .collect(),
        ),
        false => None,
    };
    Ok(Cluster {
        owners,
        md5_roles,
        hba,
        ssl: settings.get("ssl"),
        listen_addresses: settings.get("listen_addresses"),
    })
}

/// The OCA tables that keep a credential in clear, with the column that holds it: an API
/// key (`auth_api_key`), a JWT validator's HMAC secret (`auth_jwt`), and whole web session
/// ids (`auditlog`'s HTTP sessions). `auth_saml`'s private key is no column: its model
/// declares `sp_pem_private` a `fields.Binary(attachment=True)`, kept in the filestore
/// (OCA/server-auth `auth_saml/models/auth_saml_provider.py`).
pub const CLEAR_CREDENTIALS: &[(&str, &str, &str)] = &[
    ("auth_api_key", "key", "API keys"),
    ("auth_jwt_validator", "secret_key", "JWT signing secrets"),
    ("auditlog_http_session", "name", "whole web session ids"),
];

/// One table of [`CLEAR_CREDENTIALS`] present in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearTable {
    pub table: &'static str,
    pub column: &'static str,
    pub holds: &'static str,
    /// The rows that hold a value; `None` where the role may not read the column.
    pub rows: Option<i64>,
}

/// The tables of [`CLEAR_CREDENTIALS`] this database has, with their rows counted where the
/// role may read the column.
pub async fn clear_credentials(
    session: &Session,
    schema: &Schema,
) -> Result<Vec<ClearTable>, Failure> {
    let mut found = Vec::new();
    for &(table, column, holds) in CLEAR_CREDENTIALS {
        if !schema.has_column(table, column) {
            continue;
        }
        let rows = match schema.can_read(table, column) {
            true => {
                let sql = sql::CREDENTIAL_ROWS
                    .replace("{table}", table)
                    .replace("{column}", column);
                Some(session.query_one(&sql, &[]).await?.get("held"))
            }
            false => None,
        };
        found.push(ClearTable {
            table,
            column,
            holds,
            rows,
        });
    }
    Ok(found)
}
