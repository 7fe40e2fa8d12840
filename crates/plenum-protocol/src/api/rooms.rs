//! Rooms, join tickets and the error body shared by every endpoint.

use crate::error_code::ErrorCode;
use crate::ids::{ParticipantId, RoomId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// `POST /api/v1/rooms` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct RoomCreated {
    /// The new room's id; its link is `/r/<id>`.
    pub id: RoomId,
    /// The owner's secret: whoever sends it with a ticket request joins as the room's owner.
    /// Shown once; keep it in the creating browser.
    pub owner_key: String,
}

/// `GET /api/v1/rooms/{id}` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct RoomSummary {
    /// The room's id.
    pub id: RoomId,
    /// The meeting's title, when the room belongs to a meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub title: Option<String>,
    /// Guests need the meeting's password (besides their guest link) to join.
    #[serde(default)]
    pub password_required: bool,
    /// The room belongs to a meeting: only invited people (signed in) and holders of a guest
    /// link may join; the room's address alone is not enough.
    #[serde(default)]
    pub guest_link_required: bool,
    /// The organiser chose the simple meeting view for everyone but the chairs.
    #[serde(default)]
    pub simple_mode: bool,
    /// The meeting's own background pictures (participants choose from these).
    #[serde(default)]
    pub backgrounds: Vec<super::BackgroundPicture>,
}

/// `POST /api/v1/rooms/{id}/tickets` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketRequest {
    /// The name others will see (1–64 characters after trimming). Signed-in people are shown
    /// with their account's name instead.
    pub display_name: String,
    /// The meeting's password, when the room belongs to a meeting that has one and the caller
    /// is neither its owner nor invited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password: Option<String>,
    /// A guest link's token (the `g` query parameter of the link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub guest_token: Option<String>,
    /// The `owner_key` of an ad-hoc room's creation: joins as its owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub owner_key: Option<String>,
    /// A random key the browser keeps (22–128 characters of `A–Z a–z 0–9 - _`): people
    /// without an account are recognised by it when they come back (their hand, their role)
    /// and can be banned by it. Ignored for signed-in people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub guest_key: Option<String>,
}

/// `POST /api/v1/rooms/{id}/tickets` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct TicketGranted {
    /// Signed, single-use ticket; send it in `control/join`.
    pub ticket: String,
    /// The node's WebSocket URL; relative URLs are relative to the page's origin.
    pub ws_url: String,
    /// The participant id the ticket names.
    pub participant_id: ParticipantId,
    /// Seconds until the ticket expires.
    pub expires_in: u32,
}

/// Every REST error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ApiError {
    /// The error.
    pub error: ApiErrorBody,
}

/// The body of an [`ApiError`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ApiErrorBody {
    /// Stable code.
    pub code: ErrorCode,
    /// Human-readable detail.
    pub message: String,
    /// The request field at fault, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}
