//! `odoo-access check`: the credential from stdin/prompt/environment, the steps, the verdict.

use super::target_database;
use crate::connect::Connector;
use crate::error::{Exit, Failure};
use crate::odoo::check::{self, Diagnosis, Protocol, Step, StepResult};
use crate::odoo::databases;
use crate::odoo::schema;
use crate::output::{Absent, Cell, Output, Row};
use crate::secret::Secret;
use std::io::{IsTerminal, Read};

/// What `check` was asked.
pub struct Settings {
    pub login: String,
    /// `--no-credential`: only the steps that need no secret.
    pub no_credential: bool,
    pub protocol: Protocol,
}

impl Row for Step {
    type Context = ();
    const COLUMNS: &'static [&'static str] = &["step", "result", "evidence", "fix"];

    fn cells<'a>(&'a self, _: &'a ()) -> Vec<Cell<'a>> {
        vec![
            Cell::text(self.step),
            Cell::text(self.result.as_str()),
            Cell::text(&self.evidence),
            Cell::or(self.fix.clone(), Absent::NotApplicable),
        ]
    }
}

/// The verdict members of the envelope.
#[derive(serde::Serialize)]
struct Members {
    verdict: &'static str,
    reason: String,
    fix: Option<String>,
}

pub async fn run(connector: &Connector, args: &Settings, output: &Output) -> Result<Exit, Failure> {
    let database = target_database(connector, "check")?;
    let credential = if args.no_credential {
        None
    } else {
        Some(read_credential(&args.login)?)
    };
    let mut d = Diagnosis::default();
    let session = match connector.read(&database).await {
        Ok(session) => session,
        Err(failure) if failure.exit == Exit::NoDatabase => {
            return Err(no_database(connector, &database, d, output, args.protocol).await)
        }
        Err(failure) => return Err(failure),
    };
    server_step(&mut d, connector);
    let schema = match schema::detect(&session, schema::Reads::All)
        .await?
        .require(&database)
    {
        Ok(schema) => schema,
        Err(failure) => {
            d.add("database", StepResult::Fail, failure.message.clone(), None);
            d.refuse(
                failure.message.clone(),
                "pick an Odoo 14+ database from 'odoo-access dbs'",
            );
            write(output, &d, args.protocol)?;
            return Err(failure);
        }
    };
    if args.protocol == Protocol::Json2 && !schema.has_json2() {
        return Err(Failure::usage(format!(
            "--protocol json2 is Odoo 19's API; database \"{database}\" runs Odoo {} — use --protocol xmlrpc",
            schema.version.raw
        ))
        );
    }
    d.add(
        "database",
        StepResult::Pass,
        format!("\"{database}\" is an Odoo {} database", schema.version.raw),
        None,
    );
    check::diagnose(
        &mut d,
        &session,
        &schema,
        &args.login,
        credential.as_ref(),
        args.protocol,
        routing(connector.settings()),
    )
    .await?;
    write(output, &d, args.protocol)?;
    Ok(if d.succeeds() {
        Exit::Ok
    } else {
        Exit::Negative
    })
}

fn server_step(d: &mut Diagnosis, connector: &Connector) {
    d.add(
        "server",
        StepResult::Pass,
        format!(
            "{} answers to role '{}'",
            connector.server(),
            connector.settings().user
        ),
        None,
    );
}

/// The server answers but has no such database: the steps so far with "did you mean", then
/// exit 66.
async fn no_database(
    connector: &Connector,
    database: &str,
    mut d: Diagnosis,
    output: &Output,
    protocol: Protocol,
) -> Failure {
    let close = close_names(connector, database).await;
    server_step(&mut d, connector);
    let hint = if close.is_empty() {
        "list the databases with 'odoo-access dbs'".to_string()
    } else {
        format!("did you mean {}?", close.join(", "))
    };
    d.add(
        "database",
        StepResult::Fail,
        format!("there is no database \"{database}\""),
        Some(hint.clone()),
    );
    d.refuse(format!("there is no database \"{database}\""), hint.clone());
    if let Err(failure) = write(output, &d, protocol) {
        return failure;
    }
    Failure::new(
        Exit::NoDatabase,
        format!(
            "database \"{database}\" does not exist on {} — {hint}",
            connector.server()
        ),
    )
}

fn write(output: &Output, d: &Diagnosis, protocol: Protocol) -> Result<(), Failure> {
    let mut document = output.open::<Step>("check")?;
    for step in &d.steps {
        document.row(&(), step)?;
    }
    let (reason, fix) = d.verdict(protocol);
    let verdict = if d.succeeds() { "succeed" } else { "fail" };
    document.finish(
        &[],
        &Members {
            verdict,
            reason,
            fix,
        },
    )
}

/// What the Odoo config in use says about routing requests to databases, if anything.
fn routing(settings: &crate::connect::Settings) -> Option<String> {
    let conf = settings.odoo_conf.as_ref()?;
    let mut parts = Vec::new();
    if let Some(filter) = &conf.dbfilter {
        parts.push(format!("dbfilter '{filter}'"));
    }
    if let Some(names) = &conf.db_name {
        parts.push(format!("db_name '{names}'"));
    }
    if conf.list_db == Some(false) {
        parts.push("list_db False".to_string());
    }
    (!parts.is_empty()).then(|| {
        format!(
            "the Odoo config {} sets {}",
            conf.path.display(),
            parts.join(", ")
        )
    })
}

/// From stdin when it is not a terminal, else a no-echo prompt, else ODOO_ACCESS_CREDENTIAL.
/// Exactly one trailing newline (`\n` or `\r\n`, what echo and a prompt add) is removed.
fn read_credential(login: &str) -> Result<Secret, Failure> {
    let stdin = std::io::stdin();
    let given = if stdin.is_terminal() {
        rpassword::prompt_password(format!("Password or API key for {login}: ")).ok()
    } else {
        let mut bytes = Vec::new();
        stdin
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::usage(format!("cannot read the credential from stdin: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Failure::usage("the credential on stdin is not UTF-8 text"))?;
        Some(text).filter(|t| !t.is_empty())
    };
    let raw = match given.or_else(|| std::env::var("ODOO_ACCESS_CREDENTIAL").ok()) {
        Some(raw) => raw,
        None => {
            return Err(Failure::usage(
                "no credential: pipe it on stdin (printf '%s' \"$KEY\" | odoo-access check ...), type it at the prompt, or set ODOO_ACCESS_CREDENTIAL — or use --no-credential",
            ))
        }
    };
    Ok(Secret::new(strip_one_newline(raw)))
}

fn strip_one_newline(mut text: String) -> String {
    if text.ends_with("\r\n") {
        text.truncate(text.len() - 2);
    } else if text.ends_with('\n') {
        text.truncate(text.len() - 1);
    }
    text
}

/// Databases whose names are close to `wanted`, for "did you mean".
async fn close_names(connector: &Connector, wanted: &str) -> Vec<String> {
    let Ok(session) = connector.read("postgres").await else {
        return Vec::new();
    };
    let Ok(all) = databases::list(&session).await else {
        return Vec::new();
    };
    let wanted_lower = wanted.to_lowercase();
    let mut close: Vec<(f64, String)> = all
        .into_iter()
        .map(|d| {
            (
                strsim::jaro_winkler(&wanted_lower, &d.name.to_lowercase()),
                d.name,
            )
        })
        .filter(|(score, _)| *score >= 0.85)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    close
        .into_iter()
        .take(3)
        .map(|(_, name)| format!("\"{name}\""))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::strip_one_newline;

    #[test]
    fn only_one_trailing_newline_goes() {
        assert_eq!(strip_one_newline("key\n".into()), "key");
        assert_eq!(strip_one_newline("key\r\n".into()), "key");
        assert_eq!(strip_one_newline("key\n\n".into()), "key\n");
        assert_eq!(strip_one_newline("key \n".into()), "key ");
        assert_eq!(strip_one_newline(" key".into()), " key");
    }
}
