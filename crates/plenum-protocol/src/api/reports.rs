//! Results that outlive a conference: what a node hands to the controller's storage, and the
//! meeting reports (attendance and speaking time) owners and moderators read afterwards.

use crate::control::Role;
use crate::ids::{ParticipantId, RoomId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// A result a room stores through its node. Stored under its key: storing the same key again
/// replaces the earlier version (deliveries are retried, so they must be idempotent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// Attendance and speaking time of one conference.
    MeetingReport(MeetingReport),
    /// A vote's signed protocol.
    VoteProtocol(Box<crate::votes::VoteProtocol>),
}

/// Attendance and speaking time of one conference (one continuous use of a room).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct MeetingReport {
    /// The room.
    pub room: RoomId,
    /// When the first person entered (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When the conference ended; absent while it runs (an intermediate report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ended_at: Option<u64>,
    /// Everyone who was inside, in order of first entry.
    pub participants: Vec<ReportParticipant>,
    /// The chat's messages to everyone (not private or group messages, not what a moderator
    /// cleared), oldest first; the latest 2,000.
    #[serde(default)]
    pub chat: Vec<crate::chat::ChatMessage>,
    /// The conference's polls with their results, oldest first (names only where a poll was
    /// not anonymous).
    #[serde(default)]
    pub polls: Vec<crate::polls::Poll>,
}

/// One person in a [`MeetingReport`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ReportParticipant {
    /// Their participant id in that conference.
    pub participant_id: ParticipantId,
    /// Their name.
    pub display_name: String,
    /// Roles they held at the end.
    pub roles: Vec<Role>,
    /// Groups they were in at the end.
    pub groups: Vec<String>,
    /// Each stay, in order.
    pub stays: Vec<Stay>,
    /// Milliseconds inside, over all stays.
    #[ts(type = "number")]
    pub attended_ms: u64,
    /// Milliseconds spoken with an open microphone.
    #[ts(type = "number")]
    pub speaking_ms: u64,
    /// How often they raised their hand.
    pub hands_raised: u32,
}

/// One stay in the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Stay {
    /// Entered (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub joined_at: u64,
    /// Left; absent while still inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub left_at: Option<u64>,
}

/// A stored report, as listed for owners and moderators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ReportSummary {
    /// Its id (use it with `GET /api/v1/reports/{id}`).
    pub id: String,
    /// The room.
    pub room: RoomId,
    /// The meeting's title, when the room belongs to a meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub title: Option<String>,
    /// When the conference began (RFC 3339).
    pub started_at: String,
    /// When it ended (RFC 3339); absent while it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ended_at: Option<String>,
    /// How many people attended.
    pub participants: u32,
}
