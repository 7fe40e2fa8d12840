//! Join tickets: what the controller signs and the node checks.
//!
//! A ticket is a JWT signed with Ed25519 (`alg: EdDSA`, the only algorithm accepted; the
//! header's `kid` names the key) naming room, participant, the stable subject behind them,
//! display name, roles, groups, the right to vote and the room's policy, valid for
//! [`TICKET_TTL_SECS`] and usable once. The node verifies with the controller's public key
//! only, never with a database: everything it needs to admit someone and run the meeting is
//! in the ticket.

use aws_lc_rs::digest::{SHA256, digest};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use plenum_protocol::control::Role;
use plenum_protocol::moderation::RoomPolicy;
use plenum_protocol::{ParticipantId, RoomId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// How long a ticket is valid.
pub const TICKET_TTL_SECS: u64 = 30;
const AUDIENCE: &str = "plenum-node";

/// Who a ticket admits and what the room must know about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admission {
    /// The room.
    pub room: RoomId,
    /// The stable identity: `user:<id>` for accounts, `guest:<link>:<key hash>` for guests of a
    /// meeting, `anon:<key hash>` for people without an account in an open room.
    pub subject: String,
    /// Display name (the account's name for signed-in people).
    pub name: String,
    /// Roles (sorted).
    pub roles: Vec<Role>,
    /// Groups from the identity provider.
    pub groups: Vec<String>,
    /// May take part in votes.
    pub vote: bool,
    /// The room's policy.
    pub policy: RoomPolicy,
    /// When the meeting is planned to end (ms since the Unix epoch).
    pub planned_end: Option<u64>,
}

/// The signed claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketClaims {
    /// Audience: always `plenum-node`.
    pub aud: String,
    /// The stable subject (see [`Admission::subject`]).
    pub sub: String,
    /// The participant id, derived from room and subject ([`participant_id`]).
    pub pid: ParticipantId,
    /// The room.
    pub room: RoomId,
    /// Display name.
    pub name: String,
    /// Roles in the room.
    pub roles: Vec<Role>,
    /// Groups.
    #[serde(default)]
    pub groups: Vec<String>,
    /// May vote.
    #[serde(default)]
    pub vote: bool,
    /// The room's policy.
    pub policy: RoomPolicy,
    /// Planned end of the meeting (ms since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
    /// Issued at (seconds since the Unix epoch).
    pub iat: u64,
    /// Expires at (seconds since the Unix epoch).
    pub exp: u64,
    /// Unique ticket id (single use).
    pub jti: String,
}

/// The participant id of `subject` in `room`: the same person gets the same id on every
/// ticket for that room (so that bans, hands and statistics follow them), and ids of one
/// person in different rooms cannot be linked.
pub fn participant_id(room: &RoomId, subject: &str) -> ParticipantId {
    let input = format!("plenum participant v1\0{room}\0{subject}");
    let hex: String = digest(&SHA256, input.as_bytes())
        .as_ref()
        .iter()
        .take(10)
        .map(|b| format!("{b:02x}"))
        .collect();
    ParticipantId::parse(&hex).expect("20 lowercase hex digits are a valid id")
}

impl TicketClaims {
    /// Claims for a ticket issued at `now` (seconds since the Unix epoch).
    pub fn new(admission: Admission, now: u64) -> Self {
        TicketClaims {
            aud: AUDIENCE.into(),
            pid: participant_id(&admission.room, &admission.subject),
            sub: admission.subject,
            room: admission.room,
            name: admission.name,
            roles: admission.roles,
            groups: admission.groups,
            vote: admission.vote,
            policy: admission.policy,
            end: admission.planned_end,
            iat: now,
            exp: now + TICKET_TTL_SECS,
            jti: crate::secret::random_token(),
        }
    }
}

/// The id of an Ed25519 public key: the first 16 hex digits of its SHA-256.
pub fn key_id(public_key: &[u8]) -> String {
    digest(&SHA256, public_key)
        .as_ref()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A raw Ed25519 public key as a JSON Web Key (RFC 8037) with its key id.
pub fn public_jwk(public_key: &[u8]) -> plenum_protocol::api::PublicKey {
    use base64::Engine;
    plenum_protocol::api::PublicKey {
        kid: key_id(public_key),
        kty: "OKP".into(),
        crv: "Ed25519".into(),
        alg: "EdDSA".into(),
        key_use: "sig".into(),
        x: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(public_key),
    }
}

/// Whether `jwk` is an Ed25519 signing key whose id matches it.
pub fn is_valid_jwk(jwk: &plenum_protocol::api::PublicKey) -> bool {
    decode_key_set(&plenum_protocol::api::KeySet {
        keys: vec![jwk.clone()],
    })
    .is_ok()
}

/// Signs tickets (controller side).
pub struct TicketSigner {
    key: EncodingKey,
    kid: String,
    public: Vec<u8>,
}

impl TicketSigner {
    /// A signer with the controller's PKCS#8 key and its public key (for the key id).
    pub fn new(pkcs8: &[u8], public_key: &[u8]) -> Self {
        TicketSigner {
            key: EncodingKey::from_ed_der(pkcs8),
            kid: key_id(public_key),
            public: public_key.to_vec(),
        }
    }

    /// The public key as a JSON Web Key (RFC 8037), for `/api/v1/keys`.
    pub fn public_jwk(&self) -> plenum_protocol::api::PublicKey {
        public_jwk(&self.public)
    }

    /// The signed ticket.
    pub fn sign(&self, claims: &TicketClaims) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key)
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

/// Why a published key set could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeySetError {
    /// A key is not an Ed25519 signing key, its `x` is not 32 bytes of base64url, or its id
    /// does not match the key.
    #[error("key {0} is not a valid Ed25519 signing key with a matching id")]
    BadKey(String),
    /// The set holds no key.
    #[error("the key set is empty")]
    Empty,
}

/// Raw Ed25519 public keys by key id, checked against the ids they claim.
fn decode_key_set(
    set: &plenum_protocol::api::KeySet,
) -> Result<Vec<(String, DecodingKey)>, KeySetError> {
    use base64::Engine;
    if set.keys.is_empty() {
        return Err(KeySetError::Empty);
    }
    set.keys
        .iter()
        .map(|k| {
            let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&k.x)
                .ok()
                .filter(|raw| raw.len() == 32)
                .filter(|raw| {
                    k.kty == "OKP" && k.crv == "Ed25519" && k.alg == "EdDSA" && key_id(raw) == k.kid
                })
                .ok_or_else(|| KeySetError::BadKey(k.kid.clone()))?;
            Ok((k.kid.clone(), DecodingKey::from_ed_der(&raw)))
        })
        .collect()
}

/// Checks tickets (node side) and remembers used ones until they expire. The keys can be
/// replaced while the node runs (the controller's published set, fetched again). The set of
/// used tickets lives in memory: tickets issued before the verifier was made are refused as
/// expired (the client asks for a fresh one), so a restart cannot make a used ticket valid
/// again. In a cluster the node also claims each ticket in the shared state.
pub struct TicketVerifier {
    keys: RwLock<Vec<(String, DecodingKey)>>,
    /// Tickets issued before this time (seconds since the Unix epoch) are refused.
    not_before: u64,
    validation: Validation,
    used: Mutex<HashMap<String, u64>>,
    /// Subject → tickets issued at or before this second are refused (kept for a ticket's
    /// lifetime: older tickets expire anyway).
    revoked: Mutex<HashMap<String, u64>>,
}

impl TicketVerifier {
    /// A verifier trusting the controller's raw Ed25519 public key, refusing tickets issued
    /// before `not_before` (seconds since the Unix epoch: the node's start).
    pub fn new(public_key: &[u8], not_before: u64) -> Self {
        Self::from_keys(
            vec![(key_id(public_key), DecodingKey::from_ed_der(public_key))],
            not_before,
        )
    }

    /// A verifier trusting every key of a published key set (`GET /api/v1/keys`).
    pub fn with_key_set(
        set: &plenum_protocol::api::KeySet,
        not_before: u64,
    ) -> Result<Self, KeySetError> {
        Ok(Self::from_keys(decode_key_set(set)?, not_before))
    }

    fn from_keys(keys: Vec<(String, DecodingKey)>, not_before: u64) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.algorithms = vec![Algorithm::EdDSA];
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        // Expiry is checked below against the caller's clock, without leeway.
        validation.validate_exp = false;
        validation.leeway = 0;
        TicketVerifier {
            keys: RwLock::new(keys),
            not_before,
            validation,
            used: Mutex::new(HashMap::new()),
            revoked: Mutex::new(HashMap::new()),
        }
    }

    /// Refuses the tickets of `subject` issued at or before `issued_before` (seconds since
    /// the Unix epoch), from now on.
    pub fn revoke(&self, subject: &str, issued_before: u64) {
        let mut revoked = self
            .revoked
            .lock()
            .expect("revocation lock is never poisoned: no panics while held");
        revoked.retain(|_, before| before.saturating_add(TICKET_TTL_SECS) > issued_before);
        let entry = revoked.entry(subject.to_owned()).or_insert(issued_before);
        *entry = (*entry).max(issued_before);
    }

    /// Trusts exactly the keys of `set` from now on (a set that cannot be used changes
    /// nothing).
    pub fn replace_keys(&self, set: &plenum_protocol::api::KeySet) -> Result<(), KeySetError> {
        let keys = decode_key_set(set)?;
        *self
            .keys
            .write()
            .expect("key lock is never poisoned: no panics while held") = keys;
        Ok(())
    }

    /// Whether a key with this id is trusted.
    pub fn knows(&self, kid: &str) -> bool {
        self.keys
            .read()
            .expect("key lock is never poisoned: no panics while held")
            .iter()
            .any(|(id, _)| id == kid)
    }

    /// Verifies `ticket` for `room` at `now` (seconds since the Unix epoch) and marks it used.
    pub fn verify(
        &self,
        ticket: &str,
        room: &RoomId,
        now: u64,
    ) -> Result<TicketClaims, TicketError> {
        let header = jsonwebtoken::decode_header(ticket).map_err(|_| TicketError::Invalid)?;
        let claims = {
            let keys = self
                .keys
                .read()
                .expect("key lock is never poisoned: no panics while held");
            let key = match header.kid {
                Some(kid) => keys.iter().find(|(id, _)| *id == kid),
                None => keys.first(),
            }
            .map(|(_, key)| key)
            .ok_or(TicketError::Invalid)?;
            jsonwebtoken::decode::<TicketClaims>(ticket, key, &self.validation)
                .map_err(|_| TicketError::Invalid)?
                .claims
        };
        if claims.exp <= now || claims.iat < self.not_before {
            return Err(TicketError::Expired);
        }
        if &claims.room != room {
            return Err(TicketError::WrongRoom);
        }
        let revoked = self
            .revoked
            .lock()
            .expect("revocation lock is never poisoned: no panics while held")
            .get(&claims.sub)
            .is_some_and(|before| claims.iat <= *before);
        if revoked {
            return Err(TicketError::Invalid);
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
            Admission {
                room: room("r1"),
                subject: "user:ada".into(),
                name: "Ada".into(),
                roles: vec![Role::Participant],
                groups: vec![],
                vote: true,
                policy: RoomPolicy::default(),
                planned_end: None,
            },
            now,
        )
    }

    fn pair(key: &SigningKey) -> (TicketSigner, TicketVerifier) {
        (
            TicketSigner::new(&key.pkcs8, &key.public),
            TicketVerifier::new(&key.public, 0),
        )
    }

    #[test]
    fn tickets_from_before_the_start_are_refused() {
        let key = SigningKey::ephemeral();
        let s = TicketSigner::new(&key.pkcs8, &key.public);
        let t = s.sign(&claims(1000));
        let restarted = TicketVerifier::new(&key.public, 1001);
        assert_eq!(
            restarted.verify(&t, &room("r1"), 1001),
            Err(TicketError::Expired)
        );
        let fresh = s.sign(&claims(1001));
        assert!(restarted.verify(&fresh, &room("r1"), 1001).is_ok());
    }

    #[test]
    fn participant_ids_are_stable_per_room_and_subject() {
        let a = participant_id(&room("r1"), "user:ada");
        assert_eq!(a, participant_id(&room("r1"), "user:ada"));
        assert_ne!(a, participant_id(&room("r2"), "user:ada"));
        assert_ne!(a, participant_id(&room("r1"), "user:bob"));
        assert_eq!(a.as_str().len(), 20);
    }

    #[test]
    fn a_foreign_key_id_is_refused() {
        let key = SigningKey::ephemeral();
        let other = SigningKey::ephemeral();
        // Signed with the right key but naming another key id.
        let signer = TicketSigner::new(&key.pkcs8, &other.public);
        let v = TicketVerifier::new(&key.public, 0);
        assert_eq!(
            v.verify(&signer.sign(&claims(1000)), &room("r1"), 1000),
            Err(TicketError::Invalid)
        );
    }

    #[test]
    fn a_published_key_set_is_trusted_and_can_be_replaced() {
        let key = SigningKey::ephemeral();
        let next = SigningKey::ephemeral();
        let signer = TicketSigner::new(&key.pkcs8, &key.public);
        let next_signer = TicketSigner::new(&next.pkcs8, &next.public);
        let set = |signers: &[&TicketSigner]| plenum_protocol::api::KeySet {
            keys: signers.iter().map(|s| s.public_jwk()).collect(),
        };
        let v = TicketVerifier::with_key_set(&set(&[&signer]), 0).expect("valid set");
        assert!(
            v.verify(&signer.sign(&claims(1000)), &room("r1"), 1000)
                .is_ok()
        );
        assert_eq!(
            v.verify(&next_signer.sign(&claims(1000)), &room("r1"), 1000),
            Err(TicketError::Invalid)
        );
        v.replace_keys(&set(&[&next_signer, &signer]))
            .expect("valid set");
        assert!(v.knows(&key_id(&next.public)));
        assert!(
            v.verify(&next_signer.sign(&claims(1000)), &room("r1"), 1000)
                .is_ok()
        );
        assert!(
            v.verify(&signer.sign(&claims(1000)), &room("r1"), 1000)
                .is_ok()
        );
    }

    #[test]
    fn key_sets_with_foreign_or_mislabelled_keys_are_refused() {
        let key = SigningKey::ephemeral();
        let mut jwk = TicketSigner::new(&key.pkcs8, &key.public).public_jwk();
        let empty = plenum_protocol::api::KeySet { keys: vec![] };
        assert!(matches!(
            TicketVerifier::with_key_set(&empty, 0),
            Err(KeySetError::Empty)
        ));
        jwk.kid = "0011223344556677".into();
        let mislabelled = plenum_protocol::api::KeySet {
            keys: vec![jwk.clone()],
        };
        assert!(matches!(
            TicketVerifier::with_key_set(&mislabelled, 0),
            Err(KeySetError::BadKey(_))
        ));
        jwk.kid = key_id(&key.public);
        jwk.x = "not base64!".into();
        let garbled = plenum_protocol::api::KeySet { keys: vec![jwk] };
        assert!(matches!(
            TicketVerifier::with_key_set(&garbled, 0),
            Err(KeySetError::BadKey(_))
        ));
    }

    #[test]
    fn revoked_subjects_tickets_are_refused_later_ones_admit() {
        let key = SigningKey::ephemeral();
        let (s, v) = pair(&key);
        let early = s.sign(&claims(1000));
        v.revoke("user:ada", 1000);
        assert_eq!(
            v.verify(&early, &room("r1"), 1001),
            Err(TicketError::Invalid)
        );
        assert!(v.verify(&s.sign(&claims(1001)), &room("r1"), 1001).is_ok());
        // Others are not affected.
        let mut bob = claims(1000);
        bob.sub = "user:bob".into();
        assert!(v.verify(&s.sign(&bob), &room("r1"), 1001).is_ok());
    }

    #[test]
    fn valid_ticket_once() {
        let key = SigningKey::ephemeral();
        let (s, v) = pair(&key);
        let t = s.sign(&claims(1000));
        assert_eq!(v.verify(&t, &room("r1"), 1000).unwrap().name, "Ada");
        assert_eq!(v.verify(&t, &room("r1"), 1001), Err(TicketError::Reused));
    }

    #[test]
    fn expired_wrong_room_forged() {
        let key = SigningKey::ephemeral();
        let (s, v) = pair(&key);
        let t = s.sign(&claims(1000));
        assert_eq!(
            v.verify(&t, &room("r1"), 1000 + TICKET_TTL_SECS),
            Err(TicketError::Expired)
        );
        assert_eq!(v.verify(&t, &room("r2"), 1000), Err(TicketError::WrongRoom));
        let other = SigningKey::ephemeral();
        let forged = TicketSigner::new(&other.pkcs8, &key.public).sign(&claims(1000));
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
        let (s, v) = pair(&key);
        let t = s.sign(&claims(1000));
        let parts: Vec<&str> = t.split('.').collect();
        let mut c = claims(1000);
        c.roles = vec![Role::Owner];
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
