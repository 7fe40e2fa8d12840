//! Password hashing (Argon2id, PHC strings) and the password rule: long enough and not easy to
//! guess (common passwords, keyboard walks, repeats and the person's own name or address are
//! refused, ASVS V6.2). Not the place for meeting passwords, which are shared and shorter.

use crate::error::ApiError;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Shortest accepted password.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Characters the guessability estimate looks at; a longer password is judged by its start (the
/// estimate's cost grows quickly with length, and a long start that is easy to guess is rare).
const ESTIMATED_CHARS: usize = 64;

/// Checks the rule and hashes. `user_inputs` are the account's own words (address, name), which
/// a password must not merely repeat.
pub fn hash(password: &str, field: &'static str, user_inputs: &[&str]) -> Result<String, ApiError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::field(
            field,
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.len() > 1024 {
        return Err(ApiError::field(field, "the password is too long"));
    }
    let estimated: String = password.chars().take(ESTIMATED_CHARS).collect();
    // "Ada Lovelace" and "ada.lovelace@example.org" give "ada" and "lovelace" as own words too.
    let words: Vec<&str> = user_inputs
        .iter()
        .flat_map(|input| input.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 3)
        .chain(user_inputs.iter().copied())
        .collect();
    if zxcvbn::zxcvbn(&estimated, &words).score() < zxcvbn::Score::Two {
        return Err(ApiError::field(
            field,
            "this password is too easy to guess: avoid common passwords, simple patterns and your own name",
        ));
    }
    hash_any(password)
}

/// Hashes without the account rule (meeting passwords are shared, shorter secrets).
pub fn hash_any(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("hashing a password: {e}")))
}

/// Whether `password` matches the stored hash.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that never matches, for spending the same time on unknown accounts.
pub fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"no account has this password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_short_passwords_are_refused() {
        let h = hash("correct horse battery", "password", &[]).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("x", "not a hash"));
        assert!(hash("short", "password", &[]).is_err());
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        for weak in [
            "password123",
            "1234567890",
            "qwertyuiop",
            "aaaaaaaaaaaa",
            "iloveyou12",
            "Passwort123",
        ] {
            assert!(hash(weak, "password", &[]).is_err(), "{weak} was accepted");
        }
        let me = ["ada.lovelace@example.org", "Ada Lovelace"];
        assert!(hash("adalovelace", "password", &me).is_err());
        assert!(hash("user password 1", "password", &me).is_ok());
        // A very long password is judged by its start and costs no time.
        assert!(hash(&"Tr0ub4dor&3 ".repeat(80), "password", &[]).is_ok());
    }
}
