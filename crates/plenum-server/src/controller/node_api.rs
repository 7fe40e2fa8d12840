//! The storage API for conference nodes that run apart from the controller: records
//! (meeting reports, vote protocols, poll results) from a node's spool, "this voter voted"
//! claims from its ballot box, and the node's protocol signing key (published at
//! `/api/v1/keys`, never trusted for tickets). A node authenticates with its own credential (a bearer token
//! whose SHA-256 is listed in `[[node_credentials]]`); people's sessions and API tokens do not
//! work here.

use super::Controller;
use super::secret_hash::hash_secret;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use plenum_protocol::RoomId;
use plenum_protocol::api::Record;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A record to store, as a node's spool holds it.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredRecord {
    /// The room it comes from.
    pub room: RoomId,
    /// Its idempotent key (storing twice is a no-op).
    pub key: String,
    /// The record.
    pub record: Record,
}

/// A ballot claim: `voter` voted in `vote`.
#[derive(Debug, Serialize, Deserialize)]
pub struct BallotClaim {
    /// The vote's key.
    pub vote: String,
    /// The voter's subject.
    pub voter: String,
}

/// The answer to a ballot claim.
#[derive(Debug, Serialize, Deserialize)]
pub struct BallotClaimed {
    /// True for the first claim, false if this voter had voted already.
    pub first: bool,
}

/// The name of the node whose credential `headers` carry.
fn node_name<'a>(c: &'a Controller, headers: &HeaderMap) -> Result<&'a str, ApiError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::unauthorized("a node credential is required"))?;
    let hash = hash_secret(token);
    c.settings
        .node_credentials
        .iter()
        .find(|n| n.token_sha256.eq_ignore_ascii_case(&hash))
        .map(|n| n.name.as_str())
        .ok_or_else(|| ApiError::unauthorized("unknown node credential"))
}

/// `POST /api/v1/nodes/records`: stores a record (idempotent by key).
pub async fn store_record(
    State(c): State<Arc<Controller>>,
    headers: HeaderMap,
    body: Result<Json<StoredRecord>, axum::extract::rejection::JsonRejection>,
) -> Result<axum::http::StatusCode, ApiError> {
    let node = node_name(&c, &headers)?;
    let Json(stored) = body?;
    super::reports::store_record(&c.store, &stored.room, &stored.key, &stored.record).await?;
    tracing::debug!(node, key = %stored.key, "stored a node's record");
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// `POST /api/v1/nodes/ballots`: records that a voter voted; `first` is false on a repeat.
pub async fn claim_ballot(
    State(c): State<Arc<Controller>>,
    headers: HeaderMap,
    body: Result<Json<BallotClaim>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<BallotClaimed>, ApiError> {
    node_name(&c, &headers)?;
    let Json(claim) = body?;
    let first = c.store.claim_ballot(&claim.vote, &claim.voter).await?;
    Ok(Json(BallotClaimed { first }))
}

/// `POST /api/v1/nodes/keys`: publishes the node's protocol signing key (idempotent).
pub async fn publish_key(
    State(c): State<Arc<Controller>>,
    headers: HeaderMap,
    body: Result<Json<plenum_protocol::api::PublicKey>, axum::extract::rejection::JsonRejection>,
) -> Result<axum::http::StatusCode, ApiError> {
    let node = node_name(&c, &headers)?.to_owned();
    let Json(key) = body?;
    if !crate::ticket::is_valid_jwk(&key) {
        return Err(ApiError::field(
            "x",
            "an Ed25519 public key (32 bytes, base64url) whose id is the first 16 hex digits of its SHA-256",
        ));
    }
    let json = serde_json::to_string(&key).map_err(|e| ApiError::Internal(e.to_string()))?;
    c.store
        .publish_node_key(&key.kid, &node, &json, crate::unix_millis() as i64)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
