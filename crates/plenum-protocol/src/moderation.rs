//! The `moderation` namespace: what owners and moderators do to the room and its participants.
//!
//! The room's policy (waiting room, hands, microphone restriction, lock, mute on entry) comes
//! from the ticket and can be changed by moderators during the meeting. Moderators admit people
//! from the waiting room, mute, stop cameras, remove and ban, promote and demote, mark podium
//! guests and assign groups, and end the meeting. Every command is checked on the node against
//! the sender's roles (see `docs/protocol/moderation.md` for the table); a refused command gets
//! `error/forbidden`. Hands and the floor are in [`crate::floor`].

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// Who must wait for a moderator before entering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaitingRoom {
    /// Nobody waits.
    #[default]
    Off,
    /// Guests (people without an account) wait.
    Guests,
    /// Everyone except owners and moderators waits.
    Everyone,
}

/// The room's rules. Set by the controller in the ticket (with a version) and changed by
/// moderators during the meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoomPolicy {
    /// Increases when the meeting's settings change; a ticket with a newer policy replaces
    /// the room's.
    #[ts(type = "number")]
    pub version: u64,
    /// Who waits for admission.
    pub waiting_room: WaitingRoom,
    /// Microphones start muted when people enter.
    pub mute_on_entry: bool,
    /// Participants may raise their hand.
    pub hands: bool,
    /// Only moderators, podium guests and people allowed to speak may switch their
    /// microphone on (plenary mode).
    pub microphones_restricted: bool,
    /// Nobody but owners and moderators may enter.
    pub locked: bool,
    /// Everyone may share their screen; when `false`, only owners, moderators and podium
    /// guests may.
    #[serde(default = "yes")]
    pub screen_sharing: bool,
}

fn yes() -> bool {
    true
}

impl Default for RoomPolicy {
    fn default() -> Self {
        RoomPolicy {
            version: 0,
            waiting_room: WaitingRoom::Off,
            mute_on_entry: false,
            hands: true,
            microphones_restricted: false,
            locked: false,
            screen_sharing: true,
        }
    }
}

/// A change of the policy; absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PolicyChange {
    /// Who waits for admission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub waiting_room: Option<WaitingRoom>,
    /// Microphones start muted when people enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mute_on_entry: Option<bool>,
    /// Participants may raise their hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hands: Option<bool>,
    /// Plenary mode: only allowed people may switch their microphone on. Switching it on
    /// mutes everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub microphones_restricted: Option<bool>,
    /// Nobody but owners and moderators may enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub locked: Option<bool>,
    /// Everyone may share their screen (else only owners, moderators and podium guests).
    /// Switching it off stops the shares of everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub screen_sharing: Option<bool>,
}

/// What a moderator asks of the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ModerationCommand {
    /// Change the room's policy.
    UpdatePolicy {
        /// The fields to change.
        change: PolicyChange,
    },
    /// Let one waiting person in.
    Admit {
        /// Who.
        participant: ParticipantId,
    },
    /// Let everyone in the waiting room in.
    AdmitAll,
    /// Turn a waiting person away (closed with 4012).
    Reject {
        /// Who.
        participant: ParticipantId,
    },
    /// Send a participant back to the waiting room.
    SendToWaitingRoom {
        /// Who.
        participant: ParticipantId,
    },
    /// Switch a participant's microphone off (their audio stops at the node).
    Mute {
        /// Who.
        participant: ParticipantId,
    },
    /// Switch every microphone off except those of owners, moderators, podium guests and
    /// the people listed.
    MuteAll {
        /// Also spared.
        #[serde(default)]
        except: Vec<ParticipantId>,
    },
    /// Ask a participant to switch their microphone on (never opened by force).
    AskToUnmute {
        /// Who.
        participant: ParticipantId,
    },
    /// Allow or forbid a participant to speak while microphones are restricted.
    AllowMicrophone {
        /// Who.
        participant: ParticipantId,
        /// Allowed.
        allowed: bool,
    },
    /// Switch a participant's camera off.
    StopVideo {
        /// Who.
        participant: ParticipantId,
    },
    /// Stop a participant's screen share.
    StopScreenShare {
        /// Who.
        participant: ParticipantId,
    },
    /// Remove a participant from the meeting (closed with 4010); they may come back.
    Remove {
        /// Who.
        participant: ParticipantId,
    },
    /// Remove a participant and refuse them for the rest of the meeting (closed with 4011).
    Ban {
        /// Who.
        participant: ParticipantId,
    },
    /// Make a participant a moderator.
    Promote {
        /// Who.
        participant: ParticipantId,
    },
    /// Take moderation from a moderator (the owner cannot be demoted; moderators appointed
    /// by the owner can be demoted only by the owner).
    Demote {
        /// Who.
        participant: ParticipantId,
    },
    /// Mark or unmark a participant as VIP/podium guest.
    SetPodium {
        /// Who.
        participant: ParticipantId,
        /// Podium.
        podium: bool,
    },
    /// Replace the groups a participant is shown in (at most 8 groups of 1–40 characters).
    SetGroups {
        /// Who.
        participant: ParticipantId,
        /// The groups.
        groups: Vec<String>,
    },
    /// End the meeting for everyone; with `debrief`, the moderators stay together.
    End {
        /// Keep owners and moderators in the room.
        #[serde(default)]
        debrief: bool,
    },
}

/// A person in the waiting room, as moderators see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WaitingPerson {
    /// Their participant id.
    pub id: ParticipantId,
    /// The name they gave or their account's name.
    pub display_name: String,
    /// No account.
    pub guest: bool,
    /// Since when they wait (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub since: u64,
}

/// What the room tells clients in the `moderation` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum ModerationEvent {
    /// The state after joining (and after a resume): the policy, who may speak while
    /// microphones are restricted and, for moderators, the waiting room.
    State {
        /// The room's policy.
        policy: RoomPolicy,
        /// Who may switch their microphone on while microphones are restricted (besides
        /// owners, moderators and podium guests).
        allowed_microphones: Vec<ParticipantId>,
        /// People waiting for admission, in order of arrival (empty for non-moderators).
        waiting: Vec<WaitingPerson>,
    },
    /// The policy changed (to everyone).
    PolicyChanged {
        /// The new policy.
        policy: RoomPolicy,
        /// The moderator who changed it; absent when the meeting's settings changed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        by: Option<ParticipantId>,
    },
    /// The waiting room's list changed (to moderators).
    WaitingList {
        /// People waiting, in order of arrival.
        waiting: Vec<WaitingPerson>,
    },
    /// Who may speak while microphones are restricted changed (to everyone).
    MicrophonesAllowed {
        /// Allowed besides owners, moderators and podium guests.
        participants: Vec<ParticipantId>,
    },
    /// A moderator switched your microphone off (to the person muted).
    Muted {
        /// The moderator.
        by: ParticipantId,
    },
    /// A moderator asks you to switch your microphone on (to the person asked).
    UnmuteRequested {
        /// The moderator.
        by: ParticipantId,
    },
    /// A moderator switched your camera off (to the person concerned).
    VideoStopped {
        /// The moderator.
        by: ParticipantId,
    },
    /// A moderator stopped your screen share (to the person concerned).
    ScreenShareStopped {
        /// The moderator.
        by: ParticipantId,
    },
    /// The meeting was ended. Participants are closed with 4013 right after; in a debrief
    /// the owners and moderators stay.
    Ended {
        /// The moderators stay.
        debrief: bool,
        /// Who ended it.
        by: ParticipantId,
    },
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<ModerationCommand>();
    d.add::<ModerationEvent>();
    d.add::<WaitingRoom>();
    d.add::<RoomPolicy>();
    d.add::<PolicyChange>();
    d.add::<WaitingPerson>();
}
