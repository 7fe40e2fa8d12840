//! Encryption of small secrets at rest (TOTP seeds): AES-256-GCM under a key derived from the
//! controller's signing key, so that a copy of the database alone reveals nothing (the key
//! lives in the data directory, mode 0600, or wherever the operator keeps it). Sealed values
//! read `v1:<base64 of nonce and ciphertext>`; values without that prefix are from before
//! encryption and are read as they are (and sealed when next written).

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;

const PREFIX: &str = "v1:";

/// Why a sealed value could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("a sealed secret could not be opened (wrong key or damaged)")]
pub struct Unsealable;

/// Seals and opens secrets.
pub struct SecretBox {
    key: LessSafeKey,
}

impl SecretBox {
    /// A box whose key is derived from the controller's PKCS#8 signing key.
    pub fn derived(pkcs8: &[u8]) -> SecretBox {
        let mut input = b"plenum secrets at rest v1".to_vec();
        input.extend_from_slice(pkcs8);
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
        let key = UnboundKey::new(&AES_256_GCM, digest.as_ref())
            .expect("a SHA-256 digest is a valid AES-256 key");
        SecretBox {
            key: LessSafeKey::new(key),
        }
    }

    /// `plain`, encrypted with a fresh random nonce.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).expect("the OS random number generator is available");
        let mut data = plain.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), &mut data)
            .expect("sealing a short secret cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        format!("{PREFIX}{}", STANDARD_NO_PAD.encode(out))
    }

    /// The plain value of `stored` (a value from before encryption is returned as it is).
    pub fn open(&self, stored: &str) -> Result<String, Unsealable> {
        let Some(sealed) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let bytes = STANDARD_NO_PAD.decode(sealed).map_err(|_| Unsealable)?;
        if bytes.len() < NONCE_LEN {
            return Err(Unsealable);
        }
        let (nonce, cipher) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| Unsealable)?;
        let mut data = cipher.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::empty(), &mut data)
            .map_err(|_| Unsealable)?;
        String::from_utf8(plain.to_vec()).map_err(|_| Unsealable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_same_key_and_hide_the_secret() {
        let a = SecretBox::derived(b"key material a");
        let b = SecretBox::derived(b"key material b");
        let sealed = a.seal("JBSWY3DPEHPK3PXP");
        assert!(sealed.starts_with("v1:") && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(sealed, a.seal("JBSWY3DPEHPK3PXP"), "fresh nonce every time");
        assert_eq!(a.open(&sealed).unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(b.open(&sealed).is_err());
        // Another last character (never the same one: that would damage nothing).
        let mut damaged = sealed.clone();
        let last = damaged.pop();
        damaged.push(if last == Some('A') { 'B' } else { 'A' });
        assert!(a.open(&damaged).is_err());
        assert_eq!(a.open("LEGACYPLAIN").unwrap(), "LEGACYPLAIN");
        assert!(a.open("v1:!!").is_err());
    }
}
