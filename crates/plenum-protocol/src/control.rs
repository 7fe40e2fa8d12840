//! The `control` namespace: joining, presence and one's own media state.
//!
//! A connection's first message must be [`ControlCommand::Join`] (with a ticket from the
//! controller) or [`ControlCommand::Resume`] (with the token from an earlier `joined` event).
//! Everything about who is in the room flows through this namespace. It does not carry SDP
//! (see [`crate::media`]).

use crate::ids::{ParticipantId, RoomId};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// What a client asks of the room in the `control` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ControlCommand {
    /// Enter the room with a ticket signed by the controller. Only valid as the first message.
    Join {
        /// The signed ticket, used once.
        ticket: String,
    },
    /// Take one's place again after a dropped connection. Only valid as the first message.
    Resume {
        /// The `resume_token` of the `joined` event.
        token: String,
    },
    /// Heartbeat; the node answers with `pong`. Clients send one every two seconds.
    Ping,
    /// Tell the room whether one's microphone and camera are on.
    UpdateMedia {
        /// Microphone on (unmuted).
        audio: bool,
        /// Camera on.
        video: bool,
    },
    /// Leave the room for good.
    Leave,
}

/// What the room tells a client in the `control` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum ControlEvent {
    /// The connection is admitted; a full snapshot of the room.
    Joined {
        /// The receiver's own participant id.
        you: ParticipantId,
        /// The room.
        room: RoomId,
        /// Everyone in the room, the receiver included, in order of joining.
        participants: Vec<Participant>,
        /// Secret to resume this place after a dropped connection (valid while the node
        /// still keeps the place, see `docs/protocol/control.md`).
        resume_token: String,
        /// `true` when this answers a `resume`.
        resumed: bool,
    },
    /// Someone entered the room.
    ParticipantJoined {
        /// The new participant.
        participant: Participant,
    },
    /// Someone's state changed (media, speaking, connection).
    ParticipantUpdated {
        /// The participant's new state.
        participant: Participant,
    },
    /// Someone left the room.
    ParticipantLeft {
        /// Who left.
        participant_id: ParticipantId,
        /// Why.
        reason: LeaveReason,
    },
    /// Answer to `ping`.
    Pong,
}

/// A participant as everyone in the room sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Participant {
    /// Stable for the participant's whole stay, across reconnects.
    pub id: ParticipantId,
    /// The name shown to others.
    pub display_name: String,
    /// What the participant may do.
    pub role: Role,
    /// Microphone on.
    pub audio: bool,
    /// Camera on.
    pub video: bool,
    /// Currently speaking (from audio levels measured by the node).
    pub speaking: bool,
    /// Whether the participant's signaling connection is up.
    pub connection: ConnectionState,
}

/// A participant's role in a room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Joined through a guest link; no account.
    Guest,
    /// A regular participant.
    Participant,
    /// May moderate the room.
    Moderator,
    /// Owns the room (a moderator who cannot be demoted).
    Owner,
}

/// Whether a participant's signaling connection is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Connected.
    Connected,
    /// The connection dropped; the place is kept for a short grace period.
    Reconnecting,
}

/// Why a participant left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    /// They left (button, closed tab).
    Left,
    /// Their connection was lost and they did not come back within the grace period.
    ConnectionLost,
}
