//! `odoo-access signal`: Odoo's cache-invalidation signal alone. Odoo's own remove button and
//! its daily clean-up of expired keys delete rows without it, so every worker that accepted
//! such a key keeps accepting it until it restarts (docs/ODOO.md, "Caches").

use super::Fleet;
use crate::connect::{Connector, Session};
use crate::console::Console;
use crate::error::{Exit, Failure};
use crate::odoo::revoke;
use crate::odoo::schema::{Reads, Schema};
use crate::output::{Cell, NoMembers, Output, Row};

/// What `signal` was asked.
pub struct Settings {
    pub fleet: Fleet,
}

/// One signalled database.
struct Signalled {
    database: String,
    how: String,
}

impl Row for Signalled {
    type Context = ();
    const COLUMNS: &'static [&'static str] = &["database", "signal"];

    fn cells<'a>(&'a self, _: &'a ()) -> Vec<Cell<'a>> {
        vec![Cell::text(&self.database), Cell::text(&self.how)]
    }
}

pub async fn run(
    connector: &Connector,
    settings: &Settings,
    output: &Output,
    console: &Console,
) -> Result<Exit, Failure> {
    let task = |session: Session, schema: Schema| async move {
        // Out of the read transaction: the signal is a write of its own (revoke's).
        session.commit().await?;
        let how = revoke::signal_alone(&session, &schema).await?;
        Ok(Signalled {
            database: session.database().to_string(),
            how,
        })
    };
    let mut document = output.deferred::<Signalled>("signal");
    let ended = settings
        .fleet
        .each_odoo(
            connector,
            "signal",
            Reads::All,
            console,
            task,
            |_, signalled| document.get()?.row(&(), &signalled),
        )
        .await?;
    document.finish(&ended.skipped, &NoMembers {})?;
    Ok(ended.exit())
}
