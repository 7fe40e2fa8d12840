//! Stable error codes shared by the WebSocket (`error` namespace) and the REST API.
//!
//! Codes never change meaning once released; messages are for humans and may change.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// A stable, machine-readable error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The message was not valid JSON.
    InvalidJson,
    /// The JSON was not an envelope (`namespace`, `payload`, optional numeric `id`).
    InvalidEnvelope,
    /// No such namespace.
    UnknownNamespace,
    /// The payload is not a valid command of its namespace.
    InvalidCommand,
    /// A command other than `join`/`resume` before joining, or a second `join`.
    NotJoined,
    /// The participant may not do this.
    Forbidden,
    /// Too many messages; this one was dropped.
    RateLimited,
    /// The media engine refused the request (for example an unusable SDP).
    MediaRejected,
    /// The request body or a field is invalid (REST).
    InvalidRequest,
    /// Authentication is missing or wrong (REST).
    Unauthorized,
    /// The password was right; now the two-factor code is needed (REST login).
    TotpRequired,
    /// The resource exists already or the change conflicts with its state (REST).
    Conflict,
    /// No such resource, or not visible to the caller (REST).
    NotFound,
    /// Something failed on the server; nothing the client can change.
    Internal,
    /// A service the request needs (database, cluster state, a conference node) is away for
    /// now; the same request may succeed a little later.
    Unavailable,
    /// The installation's (or the owner's) limit of rooms or people at once is reached; try
    /// again when a meeting has ended.
    LimitReached,
}
