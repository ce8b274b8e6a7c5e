//! What a user is in Odoo: shared by users and the owners of keys.

/// What a user is in Odoo: internal, portal or public (also what a key's owner is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Internal,
    Portal,
    Public,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Portal => "portal",
            Kind::Public => "public",
        }
    }

    /// The `kind` / `owner_kind` column of the users and key queries.
    pub fn from_column(value: &str) -> Kind {
        match value {
            "internal" => Kind::Internal,
            "public" => Kind::Public,
            _ => Kind::Portal,
        }
    }
}
