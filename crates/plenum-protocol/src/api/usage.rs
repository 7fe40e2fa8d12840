//! Usage for accounting: participant-minutes per meeting (room) and per owner over a period,
//! from the stored meeting reports of conferences that ended.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// `GET /api/v1/admin/usage?from=…&to=…`: the period (RFC 3339; conferences that began in it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct UsageQuery {
    /// Start of the period (inclusive).
    pub from: String,
    /// End of the period (exclusive).
    pub to: String,
}

/// Usage over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct UsageReport {
    /// Start of the period (RFC 3339).
    pub from: String,
    /// End of the period (RFC 3339).
    pub to: String,
    /// Participant-minutes of all conferences (rounded up).
    #[ts(type = "number")]
    pub participant_minutes: u64,
    /// Conferences that ended.
    #[ts(type = "number")]
    pub conferences: u64,
    /// Per room (a meeting's room, or an ad-hoc room), most used first.
    pub rooms: Vec<RoomUsage>,
    /// Per owner (the meeting's owner, or the account that created an ad-hoc room), most used
    /// first; rooms without an owner count under none.
    pub owners: Vec<OwnerUsage>,
}

/// Usage of one room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct RoomUsage {
    /// The room.
    pub room: crate::RoomId,
    /// The meeting's id, when the room belongs to a meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub meeting_id: Option<String>,
    /// The meeting's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub title: Option<String>,
    /// The owner's account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub owner_id: Option<String>,
    /// Conferences that ended.
    #[ts(type = "number")]
    pub conferences: u64,
    /// Participant-minutes (rounded up).
    #[ts(type = "number")]
    pub participant_minutes: u64,
}

/// Usage of one owner's rooms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OwnerUsage {
    /// The owner's account id.
    pub owner_id: String,
    /// Their e-mail address.
    pub email: String,
    /// Conferences that ended.
    #[ts(type = "number")]
    pub conferences: u64,
    /// Participant-minutes (rounded up).
    #[ts(type = "number")]
    pub participant_minutes: u64,
}
