//! The `control` namespace: joining, presence and one's own media state.
//!
//! A connection's first message must be [`ControlCommand::Join`] (with a ticket from the
//! controller) or [`ControlCommand::Resume`] (with the token from an earlier `joined` event).
//! Everything about who is in the room flows through this namespace. It does not carry SDP
//! (see [`crate::media`]) nor moderators' actions (see [`crate::moderation`]).
//!
//! A person who must wait for a moderator gets [`ControlEvent::Waiting`] instead of
//! [`ControlEvent::Joined`] and nothing about the meeting until they are admitted.

use crate::ids::{ParticipantId, RoomId};
use crate::typescript::Declarations;
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
        /// Enter with the microphone on (unless the meeting mutes newcomers or restricts
        /// microphones; `joined` says what was granted).
        #[serde(default)]
        audio: bool,
        /// Enter with the camera on.
        #[serde(default)]
        video: bool,
    },
    /// Take one's place again after a dropped connection. Only valid as the first message.
    Resume {
        /// The `resume_token` of the `joined` event.
        token: String,
    },
    /// Heartbeat; the node answers with `pong`. Clients send one every two seconds.
    Ping,
    /// Tell the room whether one's microphone and camera are on. Turning the microphone on is
    /// refused with `forbidden` while microphones are restricted and the sender is not allowed
    /// to speak (see `docs/protocol/moderation.md`).
    UpdateMedia {
        /// Microphone on (unmuted).
        audio: bool,
        /// Camera on.
        video: bool,
        /// Sharing the screen (the third transceiver of the client's offer carries it).
        /// Refused with `forbidden` while only moderators and podium guests may share.
        #[serde(default)]
        screen: bool,
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
        /// When the conference began (node wall clock, milliseconds since the Unix epoch).
        #[ts(type = "number")]
        started_at: u64,
        /// When the meeting is planned to end (milliseconds since the Unix epoch), if planned.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional, type = "number")]
        planned_end: Option<u64>,
    },
    /// The connection is admitted to the waiting room: a moderator must let the participant
    /// in. Nothing else about the meeting is sent until `joined` follows.
    Waiting {
        /// The receiver's own participant id.
        you: ParticipantId,
        /// The room.
        room: RoomId,
        /// Secret to resume this place in the waiting room after a dropped connection.
        resume_token: String,
        /// `true` when this answers a `resume`.
        resumed: bool,
    },
    /// Someone entered the room.
    ParticipantJoined {
        /// The new participant.
        participant: Participant,
    },
    /// Someone's state changed (media, speaking, connection, roles, groups).
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
    /// The name shown to others: the account's name for signed-in people.
    pub display_name: String,
    /// What the participant is and may do, sorted, without repeats. Always exactly one of
    /// `participant` (signed in) or `guest` (no account), plus any of the others.
    pub roles: Vec<Role>,
    /// Groups (from the identity provider or assigned in the meeting), sorted.
    pub groups: Vec<String>,
    /// Microphone on.
    pub audio: bool,
    /// Camera on.
    pub video: bool,
    /// Sharing the screen.
    pub screen: bool,
    /// Currently speaking (from audio levels measured by the node).
    pub speaking: bool,
    /// Whether the participant's signaling connection is up.
    pub connection: ConnectionState,
    /// When the participant last entered the room (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub joined_at: u64,
}

/// A participant's role in a room. A participant holds a set of roles; see
/// `docs/protocol/moderation.md` for what each allows.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Owns the room: a moderator who cannot be demoted.
    Owner,
    /// Moderates the room (one of a moderation team).
    Moderator,
    /// Signed in with an account.
    Participant,
    /// Joined without an account (guest link or open room); shown as a guest to everyone.
    Guest,
    /// VIP or podium guest: listed first, spared by "mute all", may always speak.
    Podium,
    /// Interpreter.
    Interpreter,
    /// A recording or streaming client.
    Recorder,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 7] = [
        Role::Owner,
        Role::Moderator,
        Role::Participant,
        Role::Guest,
        Role::Podium,
        Role::Interpreter,
        Role::Recorder,
    ];
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
    /// A moderator removed them.
    Removed,
    /// A moderator removed them and barred them from coming back.
    Banned,
    /// A moderator sent them back to the waiting room.
    SentToWaitingRoom,
    /// The meeting was ended for them.
    MeetingEnded,
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<ControlCommand>();
    d.add::<ControlEvent>();
    d.add::<Participant>();
    d.add::<Role>();
    d.add::<ConnectionState>();
    d.add::<LeaveReason>();
}
