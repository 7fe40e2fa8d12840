//! Past votes as owners and moderators of a meeting find them (`/api/v1/votes`): a summary per
//! vote; the protocol itself is a [`crate::votes::VoteProtocol`] (JSON) or a PDF report.

use crate::ids::RoomId;
use crate::votes::{VoteKind, VoteState};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// A stored vote protocol, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct VoteSummary {
    /// The protocol's id (`GET /api/v1/votes/{id}` for JSON, `…/{id}/pdf` for the report).
    pub id: String,
    /// The room.
    pub room: RoomId,
    /// The meeting's title, when the room belongs to a meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub title: Option<String>,
    /// The motion.
    pub topic: String,
    /// Named or secret.
    pub kind: VoteKind,
    /// Closed (with a result) or cancelled.
    pub state: VoteState,
    /// Why it was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cancel_reason: Option<String>,
    /// The options, in order.
    pub options: Vec<String>,
    /// How many chose each option (absent for a cancelled vote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub counts: Option<Vec<u32>>,
    /// Eligible voters known at the close.
    pub eligible: u32,
    /// Ballots cast.
    pub voted: u32,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it closed or was cancelled (RFC 3339).
    pub ended_at: String,
    /// The id of the key that signed it (see `GET /api/v1/keys`).
    pub kid: String,
}
