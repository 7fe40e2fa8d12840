//! Join tickets: what the controller signs and the node checks.
//!
//! A ticket is a JWT signed with Ed25519 (`alg: EdDSA`, the only algorithm accepted) naming
//! room, participant, display name and role, valid for [`TICKET_TTL_SECS`] and usable once.
//! The node verifies with the controller's public key only, never with a database.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use plenum_protocol::control::Role;
use plenum_protocol::{ParticipantId, RoomId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

/// How long a ticket is valid.
pub const TICKET_TTL_SECS: u64 = 30;
const AUDIENCE: &str = "plenum-node";

/// The signed claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketClaims {
    /// Audience: always `plenum-node`.
    pub aud: String,
    /// The participant id.
    pub sub: ParticipantId,
    /// The room.
    pub room: RoomId,
    /// Display name.
    pub name: String,
    /// Role in the room.
    pub role: Role,
    /// Issued at (seconds since the Unix epoch).
    pub iat: u64,
    /// Expires at (seconds since the Unix epoch).
    pub exp: u64,
    /// Unique ticket id (single use).
    pub jti: String,
}

impl TicketClaims {
    /// Claims for a ticket issued at `now` (seconds since the Unix epoch).
    pub fn new(
        room: RoomId,
        participant: ParticipantId,
        name: String,
        role: Role,
        now: u64,
    ) -> Self {
        TicketClaims {
            aud: AUDIENCE.into(),
            sub: participant,
            room,
            name,
            role,
            iat: now,
            exp: now + TICKET_TTL_SECS,
            jti: crate::secret::random_token(),
        }
    }
}

/// Signs tickets (controller side).
pub struct TicketSigner {
    key: EncodingKey,
}

impl TicketSigner {
    /// A signer with the controller's PKCS#8 key.
    pub fn new(pkcs8: &[u8]) -> Self {
        TicketSigner {
            key: EncodingKey::from_ed_der(pkcs8),
        }
    }

    /// The signed ticket.
    pub fn sign(&self, claims: &TicketClaims) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), claims, &self.key)
            .expect("signing with a validated Ed25519 key and serialisable claims cannot fail")
    }
}

/// Why a ticket was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// Malformed, wrong algorithm, wrong audience or bad signature.
    #[error("invalid ticket")]
    Invalid,
    /// Past its expiry.
    #[error("ticket expired")]
    Expired,
    /// For another room.
    #[error("ticket is for another room")]
    WrongRoom,
    /// Already used.
    #[error("ticket already used")]
    Reused,
}

/// Checks tickets (node side) and remembers used ones until they expire.
pub struct TicketVerifier {
    key: DecodingKey,
    validation: Validation,
    used: Mutex<HashMap<String, u64>>,
}

impl TicketVerifier {
    /// A verifier trusting the controller's raw Ed25519 public key.
    pub fn new(public_key: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.algorithms = vec![Algorithm::EdDSA];
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        // Expiry is checked below against the caller's clock, without leeway.
        validation.validate_exp = false;
        validation.leeway = 0;
        TicketVerifier {
            key: DecodingKey::from_ed_der(public_key),
            validation,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// Verifies `ticket` for `room` at `now` (seconds since the Unix epoch) and marks it used.
    pub fn verify(
        &self,
        ticket: &str,
        room: &RoomId,
        now: u64,
    ) -> Result<TicketClaims, TicketError> {
        let claims = jsonwebtoken::decode::<TicketClaims>(ticket, &self.key, &self.validation)
            .map_err(|_| TicketError::Invalid)?
            .claims;
        if claims.exp <= now {
            return Err(TicketError::Expired);
        }
        if &claims.room != room {
            return Err(TicketError::WrongRoom);
        }
        let mut used = self
            .used
            .lock()
            .expect("ticket cache lock is never poisoned: no panics while held");
        used.retain(|_, exp| *exp > now);
        if used.insert(claims.jti.clone(), claims.exp).is_some() {
            return Err(TicketError::Reused);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing_key::SigningKey;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn room(s: &str) -> RoomId {
        RoomId::parse(s).unwrap()
    }

    fn claims(now: u64) -> TicketClaims {
        TicketClaims::new(
            room("r1"),
            ParticipantId::parse("p1").unwrap(),
            "Ada".into(),
            Role::Participant,
            now,
        )
    }

    #[test]
    fn valid_ticket_once() {
        let key = SigningKey::ephemeral();
        let (s, v) = (
            TicketSigner::new(&key.pkcs8),
            TicketVerifier::new(&key.public),
        );
        let t = s.sign(&claims(1000));
        assert_eq!(v.verify(&t, &room("r1"), 1000).unwrap().name, "Ada");
        assert_eq!(v.verify(&t, &room("r1"), 1001), Err(TicketError::Reused));
    }

    #[test]
    fn expired_wrong_room_forged() {
        let key = SigningKey::ephemeral();
        let (s, v) = (
            TicketSigner::new(&key.pkcs8),
            TicketVerifier::new(&key.public),
        );
        let t = s.sign(&claims(1000));
        assert_eq!(
            v.verify(&t, &room("r1"), 1000 + TICKET_TTL_SECS),
            Err(TicketError::Expired)
        );
        assert_eq!(v.verify(&t, &room("r2"), 1000), Err(TicketError::WrongRoom));
        let other = SigningKey::ephemeral();
        let forged = TicketSigner::new(&other.pkcs8).sign(&claims(1000));
        assert_eq!(
            v.verify(&forged, &room("r1"), 1000),
            Err(TicketError::Invalid)
        );
        assert_eq!(
            v.verify("garbage", &room("r1"), 1000),
            Err(TicketError::Invalid)
        );
    }

    #[test]
    fn tampered_claims_and_other_algorithms_are_invalid() {
        let key = SigningKey::ephemeral();
        let (s, v) = (
            TicketSigner::new(&key.pkcs8),
            TicketVerifier::new(&key.public),
        );
        let t = s.sign(&claims(1000));
        let parts: Vec<&str> = t.split('.').collect();
        let mut c = claims(1000);
        c.role = Role::Owner;
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&c).unwrap());
        let tampered = format!("{}.{}.{}", parts[0], body, parts[2]);
        assert_eq!(
            v.verify(&tampered, &room("r1"), 1000),
            Err(TicketError::Invalid)
        );
        for alg in [
            r#"{"alg":"none","typ":"JWT"}"#,
            r#"{"alg":"HS256","typ":"JWT"}"#,
        ] {
            let header = URL_SAFE_NO_PAD.encode(alg);
            let t = format!("{header}.{}.{}", parts[1], parts[2]);
            assert_eq!(
                v.verify(&t, &room("r1"), 1000),
                Err(TicketError::Invalid),
                "{alg}"
            );
            assert_eq!(
                v.verify(&format!("{header}.{}.", parts[1]), &room("r1"), 1000),
                Err(TicketError::Invalid)
            );
        }
    }
}
