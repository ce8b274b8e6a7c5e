//! `~/.pgpass` (or `PGPASSFILE`) with libpq's rules, written here because no maintained crate
//! implements them completely: the file is ignored when group or world can read it, lines are
//! `host:port:database:user:password`, a field that is exactly `*` matches anything (`\*` is a
//! literal star), `\` escapes the next character, the password ends at the next unescaped
//! `:` (libpq drops what follows), `#` starts a comment line, the first matching line wins,
//! and a connection over the default Unix socket directory matches the host name `localhost`.

use crate::secret::Secret;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// What a lookup is matched against.
pub struct Target<'a> {
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// Outcome of reading the password file.
#[derive(Debug)]
pub enum Lookup {
    Found(Secret),
    NotFound,
    /// The file exists but libpq would refuse it; the message says why and how to fix it.
    Ignored(String),
}

/// Why libpq would not use the file at `path`, if it exists and is unusable.
pub fn problem(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return Some(format!(
            "password file {} is not a plain file and is ignored",
            path.display()
        ));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Some(format!(
            "password file {} has group or world access and is ignored, as libpq does — run: chmod 0600 {}",
            path.display(),
            path.display()
        ));
    }
    None
}

pub fn lookup(path: &Path, target: &Target<'_>) -> Lookup {
    if let Some(why) = problem(path) {
        return Lookup::Ignored(why);
    }
    let Ok(text) = crate::small_file::read(path) else {
        return Lookup::NotFound;
    };
    let port = target.port.to_string();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = split_fields(line);
        if fields.len() < 5 {
            continue;
        }
        let wanted = [target.host, port.as_str(), target.database, target.user];
        if fields[..4]
            .iter()
            .zip(wanted)
            .all(|(field, value)| field.any || field.text == value)
        {
            // The fifth field; anything after another unescaped `:` is not the password.
            return Lookup::Found(Secret::new(std::mem::take(&mut fields[4].text)));
        }
    }
    Lookup::NotFound
}

/// One field of a line, its escapes removed.
#[derive(Default)]
struct Field {
    text: String,
    /// The field is exactly an unescaped `*`: it matches anything.
    any: bool,
    escaped: bool,
}

/// Splits on unescaped `:` and removes the escapes.
fn split_fields(line: &str) -> Vec<Field> {
    let mut fields = vec![Field::default()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let field = fields.last_mut().expect("never empty");
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    field.text.push(next);
                    field.escaped = true;
                }
            }
            ':' => fields.push(Field::default()),
            _ => field.text.push(c),
        }
    }
    for field in &mut fields {
        field.any = field.text == "*" && !field.escaped;
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_with(mode: u32, text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        f
    }

    fn target<'a>(host: &'a str, database: &'a str) -> Target<'a> {
        Target {
            host,
            port: 5432,
            database,
            user: "odoo",
        }
    }

    fn found(lookup: Lookup) -> Option<String> {
        match lookup {
            Lookup::Found(s) => Some(s.expose().to_string()),
            _ => None,
        }
    }

    #[test]
    fn first_matching_line_wins_with_wildcards_and_escapes() {
        let f = file_with(
            0o600,
            "# comment\nother:5432:*:odoo:nope\nlocalhost:5432:prod:odoo:a\\:b\\\\c:d\n*:*:*:odoo:fallback\n",
        );
        // As libpq: the password ends at the unescaped `:` (":d" is dropped).
        assert_eq!(
            found(lookup(f.path(), &target("localhost", "prod"))).as_deref(),
            Some("a:b\\c")
        );
        assert_eq!(
            found(lookup(f.path(), &target("localhost", "test"))).as_deref(),
            Some("fallback")
        );
        let stranger = Target {
            user: "postgres",
            ..target("localhost", "prod")
        };
        assert!(found(lookup(f.path(), &stranger)).is_none());
    }

    #[test]
    fn an_escaped_star_is_a_star_not_a_wildcard() {
        let f = file_with(0o600, "\\*:*:*:odoo:star-host\n*:*:*:odoo:any-host\n");
        assert_eq!(
            found(lookup(f.path(), &target("db.internal", "prod"))).as_deref(),
            Some("any-host"),
            "\\* matches only a host named *"
        );
        assert_eq!(
            found(lookup(f.path(), &target("*", "prod"))).as_deref(),
            Some("star-host")
        );
    }

    #[test]
    fn a_file_others_can_read_is_ignored() {
        let f = file_with(0o644, "*:*:*:*:secret\n");
        match lookup(f.path(), &target("localhost", "prod")) {
            Lookup::Ignored(why) => assert!(why.contains("chmod 0600") && !why.contains("secret")),
            other => panic!("expected Ignored, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_file_is_simply_not_found() {
        assert!(matches!(
            lookup(Path::new("/nonexistent/.pgpass"), &target("h", "d")),
            Lookup::NotFound
        ));
    }
}
