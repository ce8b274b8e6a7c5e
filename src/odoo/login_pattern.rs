//! `--login PATTERN`: an Odoo login, matched exactly (Odoo compares logins as stored, case
//! included), or a glob when it contains `*` or `?` (`*@example.com`).

use crate::error::Failure;
use regex::Regex;

#[derive(Debug, Clone)]
pub struct LoginPattern {
    regex: Regex,
}

impl LoginPattern {
    pub fn new(pattern: &str) -> Result<LoginPattern, Failure> {
        if pattern.is_empty() {
            return Err(Failure::usage(
                "--login needs a login or a pattern such as '*@example.com'",
            ));
        }
        let mut expression = String::from("^");
        for c in pattern.chars() {
            match c {
                '*' => expression.push_str(".*"),
                '?' => expression.push('.'),
                other => expression.push_str(&regex::escape(&other.to_string())),
            }
        }
        expression.push('$');
        let regex = Regex::new(&expression)
            .map_err(|e| Failure::usage(format!("--login '{pattern}' is not usable: {e}")))?;
        Ok(LoginPattern { regex })
    }

    pub fn matches(&self, login: &str) -> bool {
        self.regex.is_match(login)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_unless_wildcards() {
        let p = LoginPattern::new("carol").unwrap();
        assert!(p.matches("carol") && !p.matches("Carol") && !p.matches("carol2"));
        let p = LoginPattern::new("*@example.com").unwrap();
        assert!(p.matches("a@example.com") && !p.matches("a@example.org"));
        let p = LoginPattern::new("sv?").unwrap();
        assert!(p.matches("svc") && !p.matches("sv"));
        let p = LoginPattern::new("a.b+c").unwrap();
        assert!(p.matches("a.b+c") && !p.matches("axb+c"));
        assert!(LoginPattern::new("").is_err());
    }
}
