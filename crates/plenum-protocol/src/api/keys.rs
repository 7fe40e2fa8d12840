//! The controller's public signing keys (`GET /api/v1/keys`), as a JSON Web Key Set
//! (RFC 7517, Ed25519 keys as in RFC 8037): whoever must check something the controller signed
//! (a node checking join tickets) finds the key by the `kid` in the signed object's header.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// The published keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct KeySet {
    /// Every key that signatures may name, the current one first.
    pub keys: Vec<PublicKey>,
}

/// One Ed25519 public key as a JSON Web Key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PublicKey {
    /// The key id (16 hex digits of the SHA-256 of the raw public key), named by the `kid` of
    /// what it signed.
    pub kid: String,
    /// Key type: `OKP`.
    pub kty: String,
    /// Curve: `Ed25519`.
    pub crv: String,
    /// Algorithm: `EdDSA`.
    pub alg: String,
    /// Use: `sig`.
    #[serde(rename = "use")]
    #[ts(rename = "use")]
    pub key_use: String,
    /// The raw 32-byte public key, base64url without padding.
    pub x: String,
}
