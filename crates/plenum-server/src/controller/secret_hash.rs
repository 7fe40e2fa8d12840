//! Hashes of bearer secrets (sessions, API tokens, guest links, reset links, recovery codes):
//! the database stores only these, so a leaked database grants no access.

use aws_lc_rs::digest::{SHA256, digest};

/// SHA-256 of the secret, lowercase hex.
pub fn hash_secret(secret: &str) -> String {
    digest(&SHA256, secret.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_vector() {
        assert_eq!(
            super::hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
