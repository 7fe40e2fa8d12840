//! The controller's Ed25519 signing key, kept as PKCS#8 in the data directory (mode 0600) and
//! created on first start.

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
use std::io::Write;
use std::path::Path;

const FILE: &str = "controller-ed25519.pk8";

/// The key pair: PKCS#8 for signing, raw public key for verifying.
pub struct SigningKey {
    /// PKCS#8 v2 document.
    pub pkcs8: Vec<u8>,
    /// 32-byte Ed25519 public key.
    pub public: Vec<u8>,
}

/// Why the key could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum SigningKeyError {
    /// Reading or writing the file failed.
    #[error("signing key file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not an Ed25519 PKCS#8 key.
    #[error("signing key file {0} is not an Ed25519 PKCS#8 key")]
    Malformed(String),
}

impl SigningKey {
    /// Loads the key from `dir`, creating it if missing.
    pub fn load_or_create(dir: &Path) -> Result<SigningKey, SigningKeyError> {
        let path = dir.join(FILE);
        let io = |source| SigningKeyError::Io {
            path: path.display().to_string(),
            source,
        };
        let pkcs8 = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(io)?;
                let doc = Ed25519KeyPair::generate_pkcs8(&aws_lc_rs::rand::SystemRandom::new())
                    .map_err(|_| SigningKeyError::Malformed(path.display().to_string()))?;
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                opts.open(&path)
                    .and_then(|mut f| f.write_all(doc.as_ref()))
                    .map_err(io)?;
                tracing::info!(path = %path.display(), "created a new ticket signing key");
                doc.as_ref().to_vec()
            }
            Err(e) => return Err(io(e)),
        };
        Self::from_pkcs8(pkcs8)
            .ok_or_else(|| SigningKeyError::Malformed(path.display().to_string()))
    }

    /// A fresh key that lives only in memory (tests).
    pub fn ephemeral() -> SigningKey {
        let doc = Ed25519KeyPair::generate_pkcs8(&aws_lc_rs::rand::SystemRandom::new())
            .expect("Ed25519 key generation does not fail with the system RNG");
        Self::from_pkcs8(doc.as_ref().to_vec()).expect("a freshly generated key parses")
    }

    fn from_pkcs8(pkcs8: Vec<u8>) -> Option<SigningKey> {
        let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).ok()?;
        let public = pair.public_key().as_ref().to_vec();
        Some(SigningKey { pkcs8, public })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let a = SigningKey::load_or_create(dir.path()).unwrap();
        let b = SigningKey::load_or_create(dir.path()).unwrap();
        assert_eq!(a.public, b.public);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join(FILE), b"junk").unwrap();
        assert!(matches!(
            SigningKey::load_or_create(dir.path()),
            Err(SigningKeyError::Malformed(_))
        ));
    }
}
