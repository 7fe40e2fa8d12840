//! Unguessable identifiers and tokens from the operating system's CSPRNG.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Fills `buf` with random bytes.
pub fn fill_random(buf: &mut [u8]) {
    aws_lc_rs::rand::fill(buf).expect("the OS random number generator is available");
}

/// A random id of `len` characters from `[a-z0-9]` (5.17 bits each: 20 characters carry
/// 103 bits).
pub fn random_id(len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut byte = [0u8; 1];
    while out.len() < len {
        fill_random(&mut byte);
        // Rejection sampling keeps the distribution uniform: 252 = 7 * 36.
        if byte[0] < 252 {
            out.push(ALPHABET[usize::from(byte[0] % 36)] as char);
        }
    }
    out
}

/// A random 256-bit token, base64url without padding.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    fill_random(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_requested_shape_and_differ() {
        let a = random_id(20);
        assert_eq!(a.len(), 20);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
        assert_ne!(a, random_id(20));
        assert_eq!(random_token().len(), 43);
    }
}
