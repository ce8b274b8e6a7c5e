//! `report --weak-passwords`: which active users have a password an attacker tries first —
//! empty, the login, the login's local part, the user's name, `admin`, or one of the 1,000
//! most common passwords (src/odoo/common_passwords.txt) — each try made with the user's own
//! hash (its passlib rounds). Only the kind of weakness is ever said, never the password.
//!
//! PBKDF2 at Odoo's 600,000 rounds costs a core about a third of a second per try, so the
//! tries run on every core and stop at a deadline. They go round the users candidate by
//! candidate (every user's first candidate, then every user's second, …), so a budget that
//! runs out leaves every user tried about as far as the others, the likeliest passwords first.

use crate::connect::Session;
use crate::error::{Exit, Failure};
use crate::odoo::credential::{self, matches};
use crate::odoo::schema::Schema;
use crate::sql;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;
use zeroize::Zeroizing;

/// The embedded list, without its comment lines.
fn common() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect()
    })
}

/// Why a password is weak: what it is the same as, never what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    Empty,
    Login,
    LoginLocalPart,
    Name,
    Admin,
    Common,
}

impl Weakness {
    pub fn as_str(self) -> &'static str {
        match self {
            Weakness::Empty => "empty",
            Weakness::Login => "the same as the login",
            Weakness::LoginLocalPart => "the login's part before the @",
            Weakness::Name => "the user's name",
            Weakness::Admin => "admin",
            Weakness::Common => "one of the 1,000 most common passwords",
        }
    }
}

/// What the scan found of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Weak(Weakness),
    /// Every candidate was tried: none is the password.
    Sound,
    /// The deadline came first.
    NotFullyTried {
        tried: usize,
        of: usize,
    },
    /// Not tried: the hash asks for more rounds than [`credential::MOST_ROUNDS`], and one try
    /// would outlast any budget.
    TooCostly {
        rounds: u32,
    },
}

/// One user's stored password and what the tries are made of.
pub struct Hashed {
    pub id: i32,
    pub login: String,
    own: Vec<(String, Weakness)>,
    stored: Zeroizing<String>,
}

/// The active users with a password. Needs SELECT on res_users.password, as `check`.
pub async fn users(session: &Session, schema: &Schema) -> Result<Vec<Hashed>, Failure> {
    if !schema.can_read("res_users", "password") {
        return Err(Failure::new(
            Exit::Denied,
            format!("--weak-passwords verifies the stored passwords, which this role (e.g. the audit role) may not read in database \"{}\" — run the report as the database owner, or without --weak-passwords", session.database()),
        ));
    }
    let rows = session.query(sql::CHECK_WEAK_PASSWORDS, &[]).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let login: String = row.get("login");
            let name: Option<String> = row.get("name");
            let mut own = vec![
                (String::new(), Weakness::Empty),
                (login.clone(), Weakness::Login),
            ];
            if let Some((local, _)) = login.split_once('@') {
                own.push((local.to_string(), Weakness::LoginLocalPart));
            }
            own.extend(name.map(|n| (n, Weakness::Name)));
            own.push(("admin".to_string(), Weakness::Admin));
            Hashed {
                id: row.get("id"),
                login,
                own,
                stored: Zeroizing::new(row.get("password")),
            }
        })
        .collect())
}

/// The round count of a user's hash where it is beyond what is tried.
fn too_costly(user: &Hashed) -> Option<u32> {
    credential::rounds(&user.stored).filter(|&r| r > credential::MOST_ROUNDS)
}

/// Tries every user's candidates on `threads` cores until `deadline`; a verdict per user, in
/// the order given; `progress` counts the tries. CPU work: call it off the async runtime
/// (`spawn_blocking`).
pub fn scan(
    users: &[Hashed],
    deadline: Instant,
    threads: usize,
    progress: &indicatif::ProgressBar,
) -> Vec<Verdict> {
    let common = common();
    let all: usize = users.iter().map(|u| u.own.len() + common.len()).sum();
    progress.set_length(all as u64);
    fn candidate<'u>(
        user: &'u Hashed,
        k: usize,
        common: &[&'static str],
    ) -> Option<(&'u str, Weakness)> {
        match user.own.get(k) {
            Some((text, why)) => Some((text.as_str(), *why)),
            None => common
                .get(k - user.own.len())
                .map(|c| (*c, Weakness::Common)),
        }
    }
    let most = users.iter().map(|u| u.own.len()).max().unwrap_or(0) + common.len();
    let found: Vec<OnceLock<Weakness>> = users.iter().map(|_| OnceLock::new()).collect();
    let tried: Vec<AtomicUsize> = users.iter().map(|_| AtomicUsize::new(0)).collect();
    let next = AtomicUsize::new(0);
    let late = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let item = next.fetch_add(1, Ordering::Relaxed);
                let (k, u) = (item / users.len().max(1), item % users.len().max(1));
                if k >= most || users.is_empty() {
                    return;
                }
                if Instant::now() >= deadline {
                    late.store(true, Ordering::Relaxed);
                    return;
                }
                if found[u].get().is_some() || too_costly(&users[u]).is_some() {
                    continue;
                }
                let Some((text, why)) = candidate(&users[u], k, common) else {
                    continue;
                };
                if matches(&users[u].stored, text) {
                    let _ = found[u].set(why);
                }
                tried[u].fetch_add(1, Ordering::Relaxed);
                progress.inc(1);
            });
        }
    });
    users
        .iter()
        .enumerate()
        .map(|(u, user)| match found[u].get() {
            Some(why) => Verdict::Weak(*why),
            None if too_costly(user).is_some() => Verdict::TooCostly {
                rounds: credential::rounds(&user.stored).unwrap_or_default(),
            },
            None => {
                let of = user.own.len() + common.len();
                let done = tried[u].load(Ordering::Relaxed);
                if done >= of {
                    Verdict::Sound
                } else {
                    Verdict::NotFullyTried { tried: done, of }
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(login: &str, name: Option<&str>, stored: &str) -> Hashed {
        let mut own = vec![
            (String::new(), Weakness::Empty),
            (login.to_string(), Weakness::Login),
        ];
        if let Some((local, _)) = login.split_once('@') {
            own.push((local.to_string(), Weakness::LoginLocalPart));
        }
        own.extend(name.map(|n| (n.to_string(), Weakness::Name)));
        own.push(("admin".to_string(), Weakness::Admin));
        Hashed {
            id: 1,
            login: login.into(),
            own,
            stored: Zeroizing::new(stored.into()),
        }
    }

    #[test]
    fn each_weakness_is_named_and_a_strong_password_is_sound() {
        // Plain-text passwords (Odoo accepts them until it hashes them): tries are instant.
        let users = [
            user("jo@example.com", None, "jo"),
            user("ann", Some("Ann Lee"), "Ann Lee"),
            user("bob", None, "bob"),
            user("eve", None, "admin"),
            user("max", None, "dragon"),
            user("sam", None, "a7#Kq!v9-unlisted"),
            // The list's last entry: every common candidate is reached, in order.
            user("zed", None, common()[common().len() - 1]),
        ];
        let hidden = indicatif::ProgressBar::hidden();
        let minute = Instant::now() + std::time::Duration::from_secs(60);
        let verdicts = scan(&users, minute, 2, &hidden);
        assert_eq!(
            verdicts,
            [
                Verdict::Weak(Weakness::LoginLocalPart),
                Verdict::Weak(Weakness::Name),
                Verdict::Weak(Weakness::Login),
                Verdict::Weak(Weakness::Admin),
                Verdict::Weak(Weakness::Common),
                Verdict::Sound,
                Verdict::Weak(Weakness::Common),
            ]
        );
        let late = scan(&users[5..], Instant::now(), 2, &hidden);
        assert!(
            matches!(late[0], Verdict::NotFullyTried { tried: 0, .. }),
            "{late:?}"
        );
    }

    #[test]
    fn a_hash_of_absurd_rounds_is_not_tried_and_the_budget_holds() {
        // One try of this would take a core minutes: it is passed over at once.
        let planted = "$pbkdf2-sha512$1000000000$4ZwzBqC0lhLC2Nu7d44Rog$X7oOuYCa4I8fXvpYtmCW1OMLWljdwqlMulTArR7RRLNKBkwirihBOyBQSs35VcxgFw4d96LilBM8UTccfgB27A";
        let users = [user("slow", None, planted), user("max", None, "dragon")];
        let started = Instant::now();
        let minute = started + std::time::Duration::from_secs(60);
        let verdicts = scan(&users, minute, 2, &indicatif::ProgressBar::hidden());
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(
            verdicts,
            [
                Verdict::TooCostly {
                    rounds: 1_000_000_000
                },
                Verdict::Weak(Weakness::Common),
            ]
        );
    }
}
