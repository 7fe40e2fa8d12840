//! The `floor` namespace: who wants to speak, who has the floor, and how long people spoke.
//!
//! Participants raise and lower their hand; a point of order ("Antrag zur Geschäftsordnung")
//! goes above every normal hand. The queue keeps the order of raising, also across reconnects.
//! Moderators give the floor (which lowers the hand, lets the person speak while microphones
//! are restricted, asks them to unmute and starts their turn, optionally with a time limit),
//! lower hands and see everyone's speaking time, measured by the node from the audio levels of
//! open microphones. Who may do what: `docs/protocol/floor.md`.

use crate::ids::ParticipantId;
use crate::typescript::Declarations;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a client asks in the `floor` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum FloorCommand {
    /// Raise one's hand; with `point_of_order` the request goes above all normal hands.
    RaiseHand {
        /// A point of order (priority request).
        #[serde(default)]
        point_of_order: bool,
    },
    /// Lower one's own hand.
    LowerHand,
    /// Lower someone's hand (moderators).
    LowerHandOf {
        /// Whose.
        participant: ParticipantId,
    },
    /// Lower every hand (moderators).
    LowerAll,
    /// Give someone the floor (moderators): lowers their hand, allows their microphone while
    /// microphones are restricted, asks them to unmute and starts their turn.
    GiveFloor {
        /// Who.
        participant: ParticipantId,
    },
    /// End the current turn (moderators, or the speaker themselves).
    EndTurn,
    /// Set the time limit of each turn (moderators); `null` for none. 10 s to 1 hour.
    SetTurnLimit {
        /// Seconds per turn.
        seconds: Option<u32>,
    },
}

/// A raised hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hand {
    /// Whose.
    pub participant: ParticipantId,
    /// A point of order.
    pub point_of_order: bool,
    /// When it was raised (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub raised_at: u64,
}

/// Who has the floor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Turn {
    /// The speaker.
    pub participant: ParticipantId,
    /// When the turn began (milliseconds since the Unix epoch).
    #[ts(type = "number")]
    pub started_at: u64,
    /// When the time limit runs out, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ends_at: Option<u64>,
}

/// How long someone has spoken in this meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SpeakingTime {
    /// Who.
    pub participant: ParticipantId,
    /// Milliseconds spoken, not counting the current utterance.
    #[ts(type = "number")]
    pub total_ms: u64,
    /// When the current utterance began, while speaking (milliseconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub speaking_since: Option<u64>,
    /// When they last stopped speaking (milliseconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub last_spoke: Option<u64>,
}

/// What the room tells clients in the `floor` namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum FloorEvent {
    /// The state after joining: queue, turn, turn limit and (for moderators) speaking times.
    State {
        /// Raised hands of people present: points of order first, then in order of raising.
        hands: Vec<Hand>,
        /// The current turn.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        turn: Option<Turn>,
        /// The limit per turn.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        turn_limit_seconds: Option<u32>,
        /// Everyone's speaking time (empty for non-moderators).
        speaking: Vec<SpeakingTime>,
    },
    /// The queue changed (to everyone).
    Hands {
        /// Raised hands of people present, in queue order.
        hands: Vec<Hand>,
    },
    /// The turn changed (to everyone).
    TurnChanged {
        /// The new turn, or none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        turn: Option<Turn>,
    },
    /// The limit per turn changed (to everyone).
    TurnLimitChanged {
        /// Seconds per turn.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        seconds: Option<u32>,
    },
    /// The speaker's time is up (to everyone); a gentle reminder, the microphone stays open.
    TimeUp {
        /// The speaker.
        participant: ParticipantId,
    },
    /// Someone's speaking time changed (to moderators).
    Speaking {
        /// The new figures.
        time: SpeakingTime,
    },
}

pub(crate) fn declare(d: &mut Declarations) {
    d.add::<FloorCommand>();
    d.add::<FloorEvent>();
    d.add::<Hand>();
    d.add::<Turn>();
    d.add::<SpeakingTime>();
}
