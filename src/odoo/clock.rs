//! Time as Odoo stores it: `timestamp without time zone` columns that hold UTC, and the
//! server's clock, which decides what has expired (as it does for Odoo).

use crate::connect::Session;
use crate::error::Failure;
use crate::sql;
use chrono::{DateTime, NaiveDateTime, Utc};

/// A naive timestamp of Odoo's, which is UTC.
pub fn naive_utc(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(|t| t.and_utc())
}

/// The database server's clock in UTC: expiry and ages are decided by it, not by this host's.
pub async fn server_now(session: &Session) -> Result<DateTime<Utc>, Failure> {
    let now: NaiveDateTime = session.query_one(sql::NOW, &[]).await?.get("now_utc");
    Ok(now.and_utc())
}
