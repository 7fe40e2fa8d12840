//! Ed25519 signatures over vote protocols: the node signs the chain's head when a vote ends
//! ([`ProtocolSigner`]), and anyone checks it against the published keys
//! ([`check_signature`], used by `plenum vote verify`). The key is the one the controller
//! publishes at `GET /api/v1/keys`; its id (`kid`) travels with the signature, so protocols stay
//! verifiable after the key is rotated as long as the old key stays listed.
//!
//! Not here: the chain itself (`plenum_core::vote_chain`).

use aws_lc_rs::signature::{ED25519, Ed25519KeyPair, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use plenum_protocol::api::KeySet;
use plenum_protocol::votes::{ProtocolSignature, VoteProtocol};

/// Signs protocols with the controller's key (`plenum serve`) or the node's own
/// (`plenum node`, published through the controllers).
pub struct ProtocolSigner {
    key: Ed25519KeyPair,
    kid: String,
    public_key: String,
    public_raw: Vec<u8>,
}

impl std::fmt::Debug for ProtocolSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProtocolSigner")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl ProtocolSigner {
    /// A signer with this PKCS#8 Ed25519 key.
    pub fn new(pkcs8: &[u8]) -> Result<ProtocolSigner, crate::signing_key::SigningKeyError> {
        use aws_lc_rs::signature::KeyPair;
        let key = Ed25519KeyPair::from_pkcs8(pkcs8).map_err(|_| {
            crate::signing_key::SigningKeyError::Malformed("the protocol signing key".into())
        })?;
        let public = key.public_key().as_ref().to_vec();
        Ok(ProtocolSigner {
            kid: crate::ticket::key_id(&public),
            public_key: URL_SAFE_NO_PAD.encode(&public),
            public_raw: public,
            key,
        })
    }

    /// The public key as a JSON Web Key, for publishing with the controllers' keys.
    pub fn public_jwk(&self) -> plenum_protocol::api::PublicKey {
        crate::ticket::public_jwk(&self.public_raw)
    }

    /// Signs the protocol's last entry hash (replacing an earlier signature).
    pub fn sign(&self, protocol: &mut VoteProtocol) {
        let head = protocol
            .entries
            .last()
            .map(|e| e.hash.clone())
            .unwrap_or_default();
        protocol.signature = Some(ProtocolSignature {
            alg: "EdDSA".into(),
            kid: self.kid.clone(),
            public_key: self.public_key.clone(),
            value: URL_SAFE_NO_PAD.encode(self.key.sign(head.as_bytes()).as_ref()),
        });
    }
}

/// Why a protocol's signature does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The protocol carries no signature.
    #[error("the protocol is not signed")]
    Missing,
    /// The signature names a key that the given key set does not list, or a different key.
    #[error("the signing key {0} is not among the published keys")]
    UnknownKey(String),
    /// The signature is not valid for the chain's head.
    #[error("the signature does not match the protocol (forged, or the chain was changed)")]
    Invalid,
}

/// How a signature was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The key id.
    pub kid: String,
    /// The key was found in the published key set (otherwise only the embedded key was used).
    pub published: bool,
}

/// Checks the signature over `head` (the last entry's hash, as recounted): with a key from
/// `trusted` when given (it must list the signature's `kid` with the same key), else with the
/// key embedded in the protocol.
pub fn check_signature(
    protocol: &VoteProtocol,
    head: &str,
    trusted: Option<&KeySet>,
) -> Result<SignatureCheck, SignatureError> {
    let sig = protocol.signature.as_ref().ok_or(SignatureError::Missing)?;
    let key = match trusted {
        Some(set) => {
            let listed = set
                .keys
                .iter()
                .find(|k| k.kid == sig.kid && k.alg == "EdDSA")
                .ok_or_else(|| SignatureError::UnknownKey(sig.kid.clone()))?;
            if listed.x != sig.public_key {
                return Err(SignatureError::UnknownKey(sig.kid.clone()));
            }
            listed.x.clone()
        }
        None => sig.public_key.clone(),
    };
    let key = URL_SAFE_NO_PAD
        .decode(key)
        .map_err(|_| SignatureError::Invalid)?;
    let value = URL_SAFE_NO_PAD
        .decode(&sig.value)
        .map_err(|_| SignatureError::Invalid)?;
    if sig.alg != "EdDSA" || crate::ticket::key_id(&key) != sig.kid {
        return Err(SignatureError::Invalid);
    }
    UnparsedPublicKey::new(&ED25519, &key)
        .verify(head.as_bytes(), &value)
        .map_err(|_| SignatureError::Invalid)?;
    Ok(SignatureCheck {
        kid: sig.kid.clone(),
        published: trusted.is_some(),
    })
}
