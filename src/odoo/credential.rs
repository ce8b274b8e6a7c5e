//! Checking a password or API key against what Odoo stores, as Odoo's CryptContext does:
//! passlib `$pbkdf2-sha512$<rounds>$<salt>$<checksum>` strings of any round count (6,000 for
//! keys, 25,000 for 14.0 passwords, 350,000–600,000 later) through the `pbkdf2` crate, and,
//! for anything else, the deprecated `plaintext` scheme Odoo still accepts.

use pbkdf2::password_hash::PasswordVerifier;
use pbkdf2::Pbkdf2;

/// The most PBKDF2 rounds a hash is tried with: 25 times Odoo's 600,000, about six seconds of
/// a core per try. passlib allows up to 2^32 − 1, and one try of a hash planted with a
/// billion rounds would take a core over six minutes, past any budget.
pub const MOST_ROUNDS: u32 = 15_000_000;

/// passlib's `$pbkdf2-sha512$<rounds>$<salt>$<checksum>` of `secret`, as Odoo stores keys
/// (6,000 rounds) and passwords (600,000 from 16.0 on).
pub fn pbkdf2_sha512(secret: &[u8], salt: &[u8], rounds: u32) -> String {
    use pbkdf2::password_hash::CustomizedPasswordHasher;
    let params = pbkdf2::Params::new_with_output_len(rounds, 64).expect("valid parameters");
    Pbkdf2::SHA512
        .hash_password_customized(secret, salt, None, None, params)
        .expect("PBKDF2 with valid parameters")
        .to_string()
}

/// The round count of a passlib `$pbkdf2-…$<rounds>$…` hash; `None` for anything else.
pub fn rounds(stored: &str) -> Option<u32> {
    let rest = stored.strip_prefix("$pbkdf2")?;
    rest.split('$').nth(1)?.parse().ok()
}

/// Whether `candidate` is what `stored` was made from.
pub fn matches(stored: &str, candidate: &str) -> bool {
    if stored.starts_with("$pbkdf2") {
        pbkdf2::mcf::PasswordHashRef::new(stored)
            .ok()
            .is_some_and(|hash| {
                Pbkdf2::default()
                    .verify_password(candidate.as_bytes(), hash)
                    .is_ok()
            })
    } else {
        !stored.is_empty() && stored == candidate
    }
}

/// The first 8 characters Odoo stores in clear as `index`, to find candidate key rows.
pub fn key_index(candidate: &str) -> String {
    candidate.chars().take(8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Throw-away hashes a real Odoo 18 server made (shared/odoo/18/secrets.json).
    const ADMIN_KEY: &str = "$pbkdf2-sha512$6000$4ZwzBqC0lhLC2Nu7d44Rog$X7oOuYCa4I8fXvpYtmCW1OMLWljdwqlMulTArR7RRLNKBkwirihBOyBQSs35VcxgFw4d96LilBM8UTccfgB27A";

    #[test]
    fn passlib_hashes_and_plaintext() {
        assert!(matches(
            ADMIN_KEY,
            "d660abbfa23774cbe8e8d080931e25673fa472fe"
        ));
        assert!(!matches(
            ADMIN_KEY,
            "D660ABBFA23774CBE8E8D080931E25673FA472FE"
        ));
        assert!(!matches(
            ADMIN_KEY,
            "d660abbfa23774cbe8e8d080931e25673fa472fe "
        ));
        assert!(matches("Dave-Plain-2026!", "Dave-Plain-2026!"));
        assert!(!matches("", ""));
        assert!(!matches("$pbkdf2-sha512$broken", "x"));
        assert_eq!(key_index("d660abbfa2377"), "d660abbf");
        assert_eq!(key_index("abc"), "abc");
        assert_eq!(rounds(ADMIN_KEY), Some(6000));
        assert_eq!(rounds("$pbkdf2-sha512$1000000000$x$y"), Some(1_000_000_000));
        assert_eq!(rounds("Dave-Plain-2026!"), None);
    }
}
